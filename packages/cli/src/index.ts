// @hyperfleet/cli as a library: the whole CLI as one function, for tests and scripts that
// want its behaviour without a child process. `main.ts` is the process around it.
export { run } from './run.js';
export type { Io } from './program.js';
export type { Connectors, SweepApi, DeployApi, PoolApi } from './context.js';
export type { TextSink } from './output.js';
export { EXIT } from './errors.js';
