/**
 * The logging port of this package. Callers inject their own structured logger
 * (Hyperfleet's common logger fits it structurally); the package never writes to the
 * console itself. Messages are constant strings; variable parts go in `fields`.
 */
export interface Logger {
  debug(msg: string, fields?: object): void;
  info(msg: string, fields?: object): void;
  warn(msg: string, fields?: object): void;
  error(msg: string, fields?: object): void;
}

const ignore = (): void => {};

/** Used when a caller passes no logger: training and loading stay silent. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
