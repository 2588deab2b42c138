export { Coordinator } from './coordinator.js';
export { readCoordinatorConfig } from './config.js';
export type { CoordinatorConfig } from './config.js';
export { LocalWorkerPool } from './pool/local-pool.js';
export type { WorkerPool, PoolStatus } from './pool/worker-pool.js';
