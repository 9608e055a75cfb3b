import { randomUUID } from "node:crypto";
import { errorObjectOf } from "../../interpreter/error-objects";
import type { DurablePort } from "../../interpreter/port";
import type { ErrorObject, InvocationOutput } from "../../interpreter/wire";
import type { LocalExecution } from "./execution";
import { STORAGE_RETRY_MS, type Entry, type ExecutionStore } from "./execution-store";
import type { Invokers } from "./invokers";

export interface InvocationLoopContext {
  readonly store: ExecutionStore;
  readonly invokers: Invokers;
  readonly clock: { now(): number };
  /** How many invocations in a row may crash before the execution fails. */
  readonly maxCrashes: number;
  /** The port an in-process workflow checkpoints through. */
  port(execution: LocalExecution): DurablePort;
  /** Resolves at the execution's next change (a timer, a callback, an invoke's outcome). */
  nextChange(entry: Entry): Promise<void>;
  /** The execution ended: its timers go, its loop wakes. */
  ended(entry: Entry): void;
}

/**
 * Invokes the execution until it ends: each invocation is recorded (started, completed), a crash is re-invoked
 * (and, too many in a row, fails the execution), a PENDING answer waits for the next change. An invocation that a
 * stopping service abandons records nothing, so a restart invokes it again, as after kill -9.
 */
export async function driveExecution(context: InvocationLoopContext, entry: Entry): Promise<void> {
  const { store, clock } = context;
  const execution = entry.execution;
  const arn = execution.executionArn;
  let crashes = 0;
  const end = async (status: "SUCCEEDED" | "FAILED", outcome: { result?: string; error?: ErrorObject }) => {
    if (await store.commitOrWait(() => ({ type: "finished", arn, at: clock.now(), status, ...outcome }))) context.ended(entry);
  };
  while (execution.status === "RUNNING" && !store.stopping) {
    entry.invoking = true;
    const requestId = randomUUID();
    if (!(await store.commitOrWait(() => ({ type: "invocation-started", arn, at: clock.now(), requestId })))) break;
    const storageFailures = store.storageFailures;
    let output: InvocationOutput | undefined;
    let crash: ErrorObject | undefined;
    try {
      output = checkOutput(await context.invokers.invokeDurable(entry.fn!, execution, context.port(execution)));
    } catch (error) {
      crash = errorObjectOf(error);
    }
    entry.invoking = false;
    if (store.stopping || execution.status !== "RUNNING") break;
    const status = output?.Status;
    if (!(await store.commitOrWait(() => crash === undefined
      ? { type: "invocation-completed", arn, at: clock.now(), status, error: output?.Status === "FAILED" ? output.Error : undefined }
      : { type: "invocation-completed", arn, at: clock.now(), status: undefined, error: crash }))) break;
    if (crash !== undefined || output === undefined) {
      // The service's own storage failing the handler's checkpoints is no crash of the handler.
      if (store.storageFailures !== storageFailures) await new Promise((resolve) => setTimeout(resolve, STORAGE_RETRY_MS).unref());
      else if (++crashes > context.maxCrashes) await end("FAILED", { error: crash });
      continue;
    }
    crashes = 0;
    if (output.Status === "SUCCEEDED") await end("SUCCEEDED", { result: output.Result });
    else if (output.Status === "FAILED") await end("FAILED", { error: output.Error });
    // Changes the invocation saw in a checkpoint's answer need no invocation of their own (as the official emulator).
    else if (!execution.hasUnseenChanges) await context.nextChange(entry);
  }
}

function checkOutput(output: unknown): InvocationOutput {
  const status = (output as { Status?: unknown } | null)?.Status;
  if (status === "SUCCEEDED" || status === "FAILED" || status === "PENDING") return output as InvocationOutput;
  throw Object.assign(new Error(`the handler returned ${JSON.stringify(output)?.slice(0, 200)}, not a durable invocation output ({ Status: SUCCEEDED | FAILED | PENDING })`), { name: "Runtime.InvalidResponse" });
}
