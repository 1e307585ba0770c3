/**
 * The explicit cross-adapter comparison: every contract case is sent to every adapter (each
 * framework version, on Node and inside the edge-runtime sandbox, and the Web guard) over one
 * realm, and the answers (status, WWW-Authenticate, Retry-After, custom header, JSON body) must
 * be identical. It lives here for want of a neutral package; it only imports the other
 * adapters' test servers.
 */
import express from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import {
  CASES,
  collectOutcomes,
  webGuardServer,
} from '../../../test-fixtures/adapter-contract/index.js';
import { edgeServer } from '../../hono/test/edge-server.js';
import { honoServer } from '../../hono/test/server.js';
import { koaServers } from '../../koa/test/server.js';
import { expressServer } from './server.js';

describe('every adapter answers every contract case identically', () => {
  it('Express 4/5, Koa 2/3, Hono (Node and edge) and the Web guard (Node and edge)', async () => {
    const outcomes = await collectOutcomes({
      'Express 4': expressServer(express4),
      'Express 5': expressServer(express),
      ...koaServers,
      'Hono on @hono/node-server': honoServer,
      'Hono inside edge-runtime': edgeServer('hono'),
      'Web guard on node:http': webGuardServer,
      'Web guard inside edge-runtime': edgeServer('guard'),
    });
    const [reference, ...others] = Object.entries(outcomes);
    expect(Object.keys(reference![1])).toEqual(CASES.map((c) => c.name));
    for (const [name, results] of others) {
      expect({ adapter: name, results }).toEqual({ adapter: name, results: reference![1] });
    }
  });
});
