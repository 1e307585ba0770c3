// `node --conditions=@realmguard/source --import ./ts-register.mjs script.mjs` runs a script
// against the workspace's TypeScript sources (see ts-hooks.mjs).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
