/* eslint-disable @typescript-eslint/require-await -- resolvers are async by convention */
import 'reflect-metadata';
import { Module, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { GraphQLModule, Query, Resolver } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, type Principal } from '@realmguard/core';
import {
  Auth,
  AuthException,
  Public,
  RealmguardGuard,
  RealmguardModule,
  Roles,
  resolveConfig,
} from '../src/index.js';
import { startContractRealm, type ContractRealm } from '@realmguard/test-fixtures/adapter-contract';
import { serveNest } from './server.js';

@Resolver()
class AccountResolver {
  @Query(() => String, { nullable: true }) async me(@Auth() auth?: Principal) {
    return auth?.username ?? null;
  }
  @Roles('admin') @Query(() => String) async admin(@Auth() auth: Principal) {
    return auth.username;
  }
  @Public() @Query(() => String) async ping() {
    return 'pong';
  }
}

let fx: ContractRealm;
beforeAll(async () => {
  fx = await startContractRealm();
});
afterAll(() => fx.close());

const token = (user: string) => fx.realm.accessToken({ user, client: 'orders-web-mapped' });

describe('GraphQL resolvers (@nestjs/graphql with Mercurius, Fastify platform)', () => {
  let server: Awaited<ReturnType<typeof serveNest>>;
  beforeAll(async () => {
    @Module({
      imports: [
        RealmguardModule.forRoot(fx.verifierOptions()),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
        }),
      ],
      providers: [AccountResolver],
    })
    class GraphqlModule {}
    server = await serveNest(GraphqlModule, 'fastify');
  });
  afterAll(() => server.close());

  const query = async (source: string, user?: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(user ? { authorization: `Bearer ${await token(user)}` } : {}),
      },
      body: JSON.stringify({ query: source }),
    });
    return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  };

  it('authenticates a resolver from the request of the GraphQL context; @Auth() gives the principal', async () => {
    expect((await query('{ me }', 'alice')).data).toEqual({ me: 'alice' });
  });

  it('refuses a resolver without a token, with the RFC 6750 description as the error message', async () => {
    const answer = await query('{ me }');
    expect(answer.data).toEqual({ me: null });
    expect(answer.errors?.[0]?.message).toBe('Authentication is required');
  });

  it('checks resolver requirements, and lets @Public() resolvers through', async () => {
    expect((await query('{ admin }', 'bob')).errors?.[0]?.message).toBe(
      'Requires realm role "admin"',
    );
    expect((await query('{ admin }', 'alice')).data).toEqual({ admin: 'alice' });
    expect((await query('{ ping }')).data).toEqual({ ping: 'pong' });
  });
});

/** A context of another transport: the message is the first argument. */
function rpcContext(message: object): ExecutionContext {
  const host = new ExecutionContextHost([message], AccountResolver, AccountResolver.prototype.me);
  host.setType('rpc');
  return host;
}

/** The value `@Auth()` gives a handler in `context`. */
function authParameter(context: ExecutionContext): unknown {
  class Probe {
    handler(@Auth() _auth: unknown) {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<
    string,
    { factory: (data: unknown, context: ExecutionContext) => unknown }
  >;
  return Object.values(args)[0]!.factory(undefined, context);
}

describe('getRequest: the hook for contexts the default does not know', () => {
  it('authenticates the request that getRequest finds; @Auth() finds its principal', async () => {
    const guard = new RealmguardGuard(
      resolveConfig({
        ...fx.verifierOptions(),
        getRequest: (context) => context.switchToRpc().getData(),
      }),
      new Reflector(),
    );
    const message = { headers: { authorization: `Bearer ${await token('alice')}` } };
    const context = rpcContext(message);
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect((authParameter(context) as Principal).username).toBe('alice');
    const error = await Promise.resolve()
      .then(() => guard.canActivate(rpcContext({ headers: {} })))
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(AuthException);
    expect((error as AuthException).getStatus()).toBe(401);
  });

  it('fails closed in a context without a request: a ConfigurationError, never a pass', () => {
    const guard = new RealmguardGuard(resolveConfig(fx.verifierOptions()), new Reflector());
    expect(() => guard.canActivate(rpcContext({ headers: {} }))).toThrow(ConfigurationError);
  });
});
