import type { Workflow } from "../dsl/workflow";
import { runWithPlugins } from "./plugins-invocation";
import { Run } from "./run";
import type { RunOptions, RunOutcome, RunResult } from "./run-result";
import type { InvocationOutput } from "./wire";

export { HistorySnapshot } from "./snapshot";
export { InvocationError } from "./invocation-error";
export type { RunOutcome, RunResult, RunOptions, StepMock } from "./run-result";
export type { Frontier } from "./replay-probe";
export type { DurablePort, CheckpointResponse, LogSink, LoggerFactory, Timers } from "./port";
export type * from "./plugins-api";
export type { CheckpointStats } from "./batcher";
export { hashPath, operationIdAt, childPath } from "./ids";
export { errorObjectOf } from "./error-objects";
export * from "./wire";

/** Runs one invocation of `workflow` against the history in `options.snapshot`. Does no I/O but through the port. */
export function runWorkflow<I, O>(workflow: Workflow<I, O>, input: I, options: RunOptions): Promise<RunResult> {
  if (options.plugins === undefined || options.plugins.plugins.length === 0) return new Run(options).execute(workflow, input);
  return runWithPlugins(workflow, input, options, options.plugins);
}

/** The outcome as Lambda returns it to the service. */
export function invocationOutput(outcome: RunOutcome): InvocationOutput {
  if (outcome.status === "SUCCEEDED") return outcome.result === undefined ? { Status: "SUCCEEDED" } : { Status: "SUCCEEDED", Result: outcome.result };
  if (outcome.status === "FAILED") return { Status: "FAILED", Error: outcome.error };
  return { Status: "PENDING" };
}
