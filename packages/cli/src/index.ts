/**
 * @realmguard/cli: `realmguard doctor` explains why a bearer token is rejected; `realmguard
 * decode` prints a token's claims. The same commands are callable in-process through `run`.
 *
 * @packageDocumentation
 */
export { run } from './cli.js';
export type { CliIo, OutputStream } from './io.js';
export { nodeIo } from './node-io.js';
export { runDoctor } from './doctor/run-doctor.js';
export type { DoctorReport, DoctorSeams } from './doctor/run-doctor.js';
export type { CheckId, CheckResult, CheckStatus, DoctorOptions } from './doctor/types.js';
export type { Verdict } from './doctor/verdict.js';
export { doctorJson } from './report/json.js';
export type { DoctorJson } from './report/json.js';
export { decodeToken, decodedJson } from './decode.js';
export type { DecodedJson, HumanTime } from './decode.js';
export type { DecodedJws } from './token.js';
export { VERSION } from './version.js';
