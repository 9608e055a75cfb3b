import type { Logger } from "../../dsl/context";
import { createLogger } from "../../interpreter/logger";
import type { LoggerFactory, LogSink } from "../../interpreter/port";
import { enabled, type LogLevel } from "./levels";

export interface JsonLoggerOptions {
  readonly sink: LogSink;
  readonly level?: LogLevel | undefined;
  readonly requestId?: string | undefined;
  /** Log while the workflow replays too (by default its logger is silent then, so each line is written once). */
  readonly logReplay?: boolean | undefined;
}

const NEVER_SILENT = () => false;

/**
 * Loggers writing one JSON line per record, as Lambda's JSON log format does: timestamp, level, message, then the
 * execution ARN, the request id, the operation id and name and the attempt (on a step's logger), and `data`.
 */
export function jsonLoggerFactory(options: JsonLoggerOptions): LoggerFactory {
  return (fields, isSilent) => {
    const withRequest = options.requestId === undefined ? fields : { executionArn: fields.executionArn, requestId: options.requestId, ...fields };
    return atLevel(createLogger(options.sink, withRequest, options.logReplay === true ? NEVER_SILENT : isSilent), options.level);
  };
}

/** `logger`, writing only records at `level` or above. */
export function atLevel(logger: Logger, level: LogLevel | undefined): Logger {
  if (level === undefined) return logger;
  const off = () => {};
  return Object.freeze({
    debug: enabled("DEBUG", level) ? logger.debug : off,
    info: enabled("INFO", level) ? logger.info : off,
    warn: enabled("WARN", level) ? logger.warn : off,
    error: enabled("ERROR", level) ? logger.error : off,
  });
}
