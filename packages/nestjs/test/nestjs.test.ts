import { describeAdapterContract } from '@realmguard/test-fixtures/adapter-contract';
import { nestServer } from './server.js';

describeAdapterContract('Nest on Express', nestServer('express'));
describeAdapterContract('Nest on Fastify', nestServer('fastify'));
