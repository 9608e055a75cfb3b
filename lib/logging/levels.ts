/**
 * Lambda's log levels (AWS_LAMBDA_LOG_LEVEL), least severe first.
 * @example
 * export const handler = durableHandler(order, { logLevel: "WARN" satisfies LogLevel });
 */
export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
/**
 * One of Lambda's log levels.
 * @example
 * const level: LogLevel = "INFO";
 */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The levels a Logger writes at, as Lambda names them. */
export type RecordLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** Whether a record at `level` is written when the threshold is `threshold` (undefined: everything is). */
export function enabled(level: RecordLevel, threshold: LogLevel | undefined): boolean {
  return threshold === undefined || LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

/**
 * The threshold Lambda sets for a function with JSON logs (AWS_LAMBDA_LOG_LEVEL, any case); undefined when it is
 * unset, and then every record is written, as with Lambda's text logs. A value Lambda would not set is an error
 * naming it, not a silent default.
 */
export function levelFromEnvironment(env: Readonly<Record<string, string | undefined>>): LogLevel | undefined {
  const value = env.AWS_LAMBDA_LOG_LEVEL;
  if (value === undefined || value === "") return undefined;
  return parseLevel(value, "AWS_LAMBDA_LOG_LEVEL");
}

export function parseLevel(value: string, where: string): LogLevel {
  const level = value.toUpperCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new RangeError(`${where} is "${value}"; expected one of ${LOG_LEVELS.join(", ")}`);
}
