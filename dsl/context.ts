/**
 * Structured logging; every call writes one JSON line. The workflow's logger is silent while replaying.
 * @example
 * ctx.logger.info("priced", { total });
 */
export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

/**
 * The second argument of a workflow's body.
 * @example
 * workflow("w", function* (input: string, ctx) { ctx.logger.info("started", { arn: ctx.executionArn }); });
 */
export interface WorkflowContext {
  readonly executionArn: string;
  readonly logger: Logger;
}

/**
 * What a step function (and a waitForCallback submitter, a condition check) gets.
 * @example
 * yield* step("fetch", (ctx) => fetch(url, { signal: ctx.signal }).then((r) => r.json() as Promise<Price>), { timeout: 30 });
 */
export interface StepContext {
  /** 1 for the first attempt, counted from the recorded history. */
  readonly attempt: number;
  readonly operationId: string;
  readonly logger: Logger;
  /** Aborted when the step's `timeout` elapses. */
  readonly signal: AbortSignal;
}
