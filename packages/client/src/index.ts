export { SweepClient } from './sweep-client.js';
export { DeployClient } from './deploy-client.js';
export { PoolClient } from './pool-client.js';
export { readSpecFile, SpecFileError } from './spec-file.js';
export { DEFAULT_DEADLINE_MS, MAX_MESSAGE_BYTES, channelOptions } from './call.js';
export type { ConnectionOptions } from './call.js';
