import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createVerifier,
  type Principal,
  type Verifier,
} from '@realmguard/core';
import {
  Auth,
  REALMGUARD_VERIFIER,
  RealmguardModule,
  fromKeycloakJson,
  type RealmguardModuleOptions,
} from '../src/index.js';
import { startContractRealm, type ContractRealm } from '@realmguard/test-fixtures/adapter-contract';
import { serveNest } from './server.js';

@Controller()
class MeController {
  @Get('me') me(@Auth() auth: Principal) {
    return { user: auth.username };
  }
}

let fx: ContractRealm;
beforeAll(async () => {
  fx = await startContractRealm();
});
afterAll(() => fx.close());

const bearer = async () => ({
  authorization: `Bearer ${await fx.realm.accessToken({ user: 'alice', client: 'orders-web-mapped' })}`,
});

/** A stand-in for @nestjs/config's ConfigService. */
@Injectable()
class Settings {
  constructor(@Inject('SETTINGS') readonly values: () => RealmguardModuleOptions) {}
}

describe('RealmguardModule', () => {
  it('forRootAsync takes its options from an injected service (ConfigService style)', async () => {
    @Module({
      providers: [Settings, { provide: 'SETTINGS', useValue: () => fx.verifierOptions() }],
      exports: [Settings],
    })
    class SettingsModule {}
    @Module({
      imports: [
        RealmguardModule.forRootAsync({
          imports: [SettingsModule],
          inject: [Settings],
          useFactory: async (settings: Settings) => Promise.resolve(settings.values()),
        }),
      ],
      controllers: [MeController],
    })
    class AppModule {}
    const server = await serveNest(AppModule, 'express');
    try {
      expect((await fetch(`${server.url}/me`)).status).toBe(401);
      const response = await fetch(`${server.url}/me`, { headers: await bearer() });
      expect(await response.json()).toEqual({ user: 'alice' });
    } finally {
      await server.close();
    }
  });

  it('shares a given verifier and offers it for injection (health checks)', async () => {
    const verifier = createVerifier(fx.verifierOptions());
    const moduleRef = await Test.createTestingModule({
      imports: [RealmguardModule.forRoot({ verifier })],
    }).compile();
    expect(moduleRef.get<Verifier>(REALMGUARD_VERIFIER)).toBe(verifier);
  });

  it('fails at start-up on invalid options, with the core message', () => {
    expect(() => RealmguardModule.forRoot({ issuer: 'not a url', audience: 'orders-api' })).toThrow(
      ConfigurationError,
    );
  });

  it('answers with the RFC 6750 body and headers, not Nest’s { statusCode, message }', async () => {
    @Module({
      imports: [RealmguardModule.forRoot(fx.verifierOptions())],
      controllers: [MeController],
    })
    class AppModule {}
    for (const platform of ['express', 'fastify'] as const) {
      const server = await serveNest(AppModule, platform);
      try {
        const expired = await fx.realm.adversarial.expired(60, {
          user: 'alice',
          client: 'orders-web-mapped',
        });
        const response = await fetch(`${server.url}/me`, {
          headers: { authorization: `Bearer ${expired}` },
        });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(
          'Bearer realm="acme", error="invalid_token", error_description="The access token expired"',
        );
        expect(await response.json()).toEqual({
          error: 'invalid_token',
          error_description: 'The access token expired',
        });
      } finally {
        await server.close();
      }
    }
  });

  it('reads keycloak.json from a path (fromKeycloakJson of the Node adapters)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'realmguard-nest-')), 'keycloak.json');
    const issuer = new URL(fx.verifierOptions().issuer as string);
    writeFileSync(
      file,
      JSON.stringify({ realm: 'acme', 'auth-server-url': issuer.origin, resource: 'orders-api' }),
    );
    @Module({
      imports: [
        RealmguardModule.forRoot({ ...fromKeycloakJson(file), now: fx.verifierOptions().now }),
      ],
      controllers: [MeController],
    })
    class AppModule {}
    const server = await serveNest(AppModule, 'fastify');
    try {
      const response = await fetch(`${server.url}/me`, { headers: await bearer() });
      expect(await response.json()).toEqual({ user: 'alice' });
    } finally {
      await server.close();
    }
    expect(() => fromKeycloakJson(`${file}.missing`)).toThrow(/cannot read keycloak.json/);
  });
});
