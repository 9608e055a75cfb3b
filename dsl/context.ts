/** Structured logging; every call writes one JSON line. The workflow's logger is silent while replaying. */
export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

export interface WorkflowContext {
  readonly executionArn: string;
  readonly logger: Logger;
}

export interface StepContext {
  /** 1 for the first attempt, counted from the recorded history. */
  readonly attempt: number;
  readonly operationId: string;
  readonly logger: Logger;
  /** Aborted when the step's `timeout` elapses. */
  readonly signal: AbortSignal;
}
