import type { Logger } from "../dsl/context";
import type { ExecutionState, OperationUpdate } from "./wire";

export interface CheckpointResponse {
  CheckpointToken?: string;
  NewExecutionState?: ExecutionState;
}

/**
 * Everything the interpreter needs from the outside world for one execution. `lib/` implements it over
 * client-lambda (AWS or the local service) and in memory for tests.
 */
export interface DurablePort {
  checkpoint(checkpointToken: string, updates: OperationUpdate[]): Promise<CheckpointResponse>;
  getState(checkpointToken: string, marker: string): Promise<ExecutionState>;
}

/**
 * Where the replay-aware loggers write their JSON lines (ctx.logger, step loggers): console.log by default in
 * durableHandler, nowhere in runLocal.
 * @example
 * const lines: string[] = [];
 * const log: LogSink = (line) => lines.push(line);
 * const handler = durableHandler(orderWorkflow, { log }); // a test reads what the workflow logged from `lines`
 */
export type LogSink = (line: string) => void;

/**
 * Makes the workflow's logger and each attempt's: `fields` (execution, operation, attempt) go on every record,
 * and `isSilent` says whether the workflow is replaying (a factory may log anyway). The default writes JSON lines
 * to the run's LogSink; lib/logging has the Lambda one (levels, request id, a custom logger).
 * @example
 * const toConsole: LoggerFactory = (fields, isSilent) => ({
 *   debug: (message) => { if (!isSilent()) console.debug(message, fields); },
 *   info: (message) => { if (!isSilent()) console.info(message, fields); },
 *   warn: (message) => { if (!isSilent()) console.warn(message, fields); },
 *   error: (message) => { if (!isSilent()) console.error(message, fields); },
 * });
 */
export type LoggerFactory = (fields: Readonly<Record<string, unknown>>, isSilent: () => boolean) => Logger;

/** Timers for step timeouts; replaceable so tests can control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
