export { DeployServer } from './deploy.js';
export { readDeployConfig } from './config.js';
export type { DeployConfig } from './config.js';
