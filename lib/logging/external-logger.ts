import type { Logger } from "../../dsl/context";
import type { LoggerFactory } from "../../interpreter/port";
import { atLevel } from "./json-logger";
import type { LogLevel } from "./levels";

/**
 * A logger of your own: a Powertools Logger (`@aws-lambda-powertools/logger`), pino, console. Each record is one
 * call, `logger.info(message, fields)`, with the execution's fields in one object (and `data` among them): the
 * logger writes its own record, with those fields as its keys, and nothing of ours around it.
 * @example
 * import { Logger } from "@aws-lambda-powertools/logger";
 * export const handler = durableHandler(order, { logger: new Logger({ serviceName: "orders" }) });
 */
export interface ExternalLogger {
  debug(message: string, ...extra: never[]): unknown;
  info(message: string, ...extra: never[]): unknown;
  warn(message: string, ...extra: never[]): unknown;
  error(message: string, ...extra: never[]): unknown;
}

export interface ExternalLoggerOptions {
  readonly requestId?: string | undefined;
  /** Only when given: the logger's own level applies anyway. */
  readonly level?: LogLevel | undefined;
  readonly logReplay?: boolean | undefined;
}

export function externalLoggerFactory(target: ExternalLogger, options: ExternalLoggerOptions = {}): LoggerFactory {
  const call = target as unknown as Record<keyof Logger, (message: string, fields: Record<string, unknown>) => unknown>;
  return (fields, isSilent) => {
    const base = options.requestId === undefined ? fields : { executionArn: fields.executionArn, requestId: options.requestId, ...fields };
    const silent = options.logReplay === true ? () => false : isSilent;
    const level = (name: keyof Logger) => (message: string, data?: unknown) => {
      if (silent()) return;
      call[name].call(target, message, data === undefined ? { ...base } : { ...base, data });
    };
    return atLevel(Object.freeze({ debug: level("debug"), info: level("info"), warn: level("warn"), error: level("error") }), options.level);
  };
}
