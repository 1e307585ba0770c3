import { createVerifier } from '@realmguard/core';
import { RealmguardModule } from '@realmguard/nestjs';
import { nestListener } from './nest-app.mjs';

export default async function create({ issuer, audience, cache }) {
  const verifier = createVerifier({ issuer, audience, ...(cache === false && { cache: false }) });
  await verifier.warmUp();
  return nestListener([RealmguardModule.forRoot({ verifier })]);
}
