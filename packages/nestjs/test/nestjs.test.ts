import { describeAdapterContract } from '../../../test-fixtures/adapter-contract/index.js';
import { nestServer } from './server.js';

describeAdapterContract('Nest on Express', nestServer('express'));
describeAdapterContract('Nest on Fastify', nestServer('fastify'));
