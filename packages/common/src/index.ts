export { createLogger, silentLogger, parseLogLevel } from './logger.js';
export type { Logger, LogFields, LogLevel, LoggerOptions } from './logger.js';
export {
  InvalidArgumentError,
  NotFoundError,
  FailedPreconditionError,
  UnavailableError,
  UnauthenticatedError,
} from './errors.js';
export { toGrpcCode, toServiceError } from './grpc-status.js';
export { ConfigError, envString, envInt, envBool, envChoice, envListenAddress } from './config.js';
export type { Env } from './config.js';
export { validateSweepSpec, commandParamEnvName, SPEC_LIMITS } from './sweep-spec.js';
export type { SweepSpec, TrialTemplate, TfjsTrialTemplate, CommandTrialTemplate, SyntheticTrialTemplate } from './sweep-spec.js';
export { specToMessage, specFromMessage, toValue, fromValue, toValueMap, fromValueMap } from './spec-codec.js';
export { isObject } from './fields.js';
export { requireBearerToken } from './auth.js';
export { unaryHandler, streamHandler, shutdownServer } from './grpc-handlers.js';
export { readApiSecurity, serverCredentials, secureService } from './api-security.js';
export type { ApiSecurity } from './api-security.js';
