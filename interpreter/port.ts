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

/** Timers for step timeouts; replaceable so tests can control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
