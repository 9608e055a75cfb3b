import type { Plugin } from "../../interpreter/plugins-api";
import type { LogSink, RunOptions } from "../../interpreter/index";
import { externalLoggerFactory, type ExternalLogger } from "../logging/external-logger";
import { jsonLoggerFactory } from "../logging/json-logger";
import { levelFromEnvironment, type LogLevel } from "../logging/levels";

/**
 * Plugins and logging, the same on durableHandler, runLocal and the local service's in-process workflows.
 * @example
 * export const handler = durableHandler(order, { plugins: [openTelemetryPlugin()], logger: new Logger({ serviceName: "orders" }), logReplay: false });
 * await runLocal(order, input, { plugins: [timings], logLevel: "WARN" });
 */
export interface ObservabilityOptions {
  /** Lifecycle hooks (see the Plugin type); durableHandler adds those named in DURABLE_EXECUTION_PLUGINS. */
  readonly plugins?: readonly Plugin[];
  /**
   * Where the workflow's and steps' log records go instead of JSON lines: a Powertools Logger, pino, console.
   * It gets one call per record, `info(message, { executionArn, requestId, operationId, ... })`.
   */
  readonly logger?: ExternalLogger;
  /** Records below this level are dropped; default AWS_LAMBDA_LOG_LEVEL, or everything when it is unset. */
  readonly logLevel?: LogLevel;
  /**
   * Log while replaying too. By default the workflow's logger is silent while it replays recorded operations, so
   * each line is written once per execution; with this, code that runs again on a replay logs again.
   */
  readonly logReplay?: boolean;
}

export interface InvocationContext {
  readonly sink: LogSink;
  readonly requestId?: string | undefined;
  readonly updatedOperationIds?: readonly string[] | undefined;
  readonly failsExecution?: (error: unknown) => boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The run options that carry `options` into an invocation: its loggers and, when there are plugins, the plugins. */
export function observedRunOptions(options: ObservabilityOptions, invocation: InvocationContext): Pick<RunOptions, "logger" | "plugins"> {
  const level = options.logLevel ?? levelFromEnvironment(invocation.env ?? process.env);
  const logging = { requestId: invocation.requestId, level, logReplay: options.logReplay };
  const logger = options.logger === undefined
    ? jsonLoggerFactory({ sink: invocation.sink, ...logging })
    : externalLoggerFactory(options.logger, { ...logging, level: options.logLevel });
  if (options.plugins === undefined || options.plugins.length === 0) return { logger };
  return {
    logger,
    plugins: {
      plugins: options.plugins,
      ...(invocation.requestId === undefined ? {} : { requestId: invocation.requestId }),
      ...(invocation.updatedOperationIds === undefined ? {} : { updatedOperationIds: invocation.updatedOperationIds }),
      ...(invocation.failsExecution === undefined ? {} : { failsExecution: invocation.failsExecution }),
    },
  };
}
