import { LambdaClient } from "@aws-sdk/client-lambda";
import { durableHandler } from "../../lib/index";
import { SkippingClock } from "../../lib/local/clock";
import type { HistoryEvent } from "../../lib/local/events";
import type { LocalExecution } from "../../lib/local/execution";
import { FaultPlan, type FaultKind, type FaultRates } from "../../lib/local/faults";
import type { Operation } from "../../interpreter/wire";
import { httpService } from "../support/harness";
import { soakWorkflows, StepRuns } from "./workflows";

export interface SoakOptions {
  /** No faults when undefined: the reference run. */
  readonly rates?: FaultRates;
  readonly seed: number;
  /** Executions of each sample workflow. */
  readonly perWorkflow: number;
}

/** What one execution ended as, in terms that do not depend on timing: what a faulty run must reproduce. */
export interface Outcome {
  readonly status: string;
  readonly result: string | undefined;
  /** Every operation, by id: type, name, parent, status, result or error type. */
  readonly operations: readonly string[];
}

export interface SoakReport {
  readonly executions: number;
  readonly outcomes: ReadonlyMap<string, Outcome>;
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly faultyCalls: number;
  readonly invocations: number;
  /** Invocations that ended in an error (a fault the client could not retry away): each survived by re-invocation. */
  readonly failedInvocations: number;
  /** Problems in the histories: an operation started or ended twice, or an event for no operation. */
  readonly historyProblems: readonly string[];
  /** At-most-once step attempts that ran more than once. */
  readonly repeatedAtMostOnce: readonly string[];
}

/**
 * Runs every sample workflow `perWorkflow` times, concurrently, on a local service served over HTTP to handlers
 * that use the real client-lambda (which retries 429 and 5xx itself), with faults injected at `rates`.
 * Callbacks are answered as soon as they start; time is skipped.
 */
export async function soak(options: SoakOptions): Promise<SoakReport> {
  const plan = options.rates === undefined ? undefined : new FaultPlan({ rates: options.rates, seed: options.seed, slowMs: 50 });
  const local = await httpService({ clock: new SkippingClock(), maxCrashes: 1000 });
  if (plan !== undefined) local.server.faults = plan.injector;
  const client = new LambdaClient({ endpoint: local.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const runs = new StepRuns();
  const workflows = soakWorkflows(runs);
  try {
    for (const [name, wf] of Object.entries(workflows)) local.service.register(name, { kind: "handler", durable: true, handler: durableHandler(wf, { client, log: () => {} }) });
    local.service.onEvent((execution, event) => {
      if (event.EventType !== "CallbackStarted") return;
      const callbackId = (event.CallbackStartedDetails as { CallbackId: string }).CallbackId;
      const parent = execution.get(event.ParentId ?? "")?.Name;
      const answer = event.Name === "receipt" ? JSON.stringify(`receipt for ${execution.executionArn.split("/").at(-2)}`) : JSON.stringify({ approved: parent === "approval" });
      void local.service.track(new Promise<void>((resolve) => setImmediate(() => {
        local.service.succeedCallback(callbackId, answer);
        resolve();
      })));
    });
    const started: LocalExecution[] = [];
    for (let i = 0; i < options.perWorkflow; i++) {
      for (const name of Object.keys(workflows)) started.push(local.service.start(name, { id: `${name}-${i}`, n: i + 1 }, `${name}-${i}`));
    }
    const done = await Promise.all(started.map((execution) => local.service.result(execution.executionArn)));
    const outcomes = new Map(done.map((execution) => [execution.executionArn.split("/").at(-2)!, outcomeOf(execution)]));
    const invocations = done.flatMap((execution) => execution.invocations);
    return {
      executions: done.length,
      outcomes,
      faults: plan?.injected ?? { "429": 0, "500": 0, "503": 0, drop: 0, slow: 0, "stale-token": 0 },
      faultyCalls: plan?.calls ?? 0,
      invocations: invocations.length,
      failedInvocations: invocations.filter((invocation) => invocation.error !== undefined).length,
      historyProblems: done.flatMap(historyProblems),
      repeatedAtMostOnce: runs.repeatedAtMostOnce(),
    };
  } finally {
    client.destroy();
    await local.close();
  }
}

/** What an execution ended as, in terms that do not depend on timing, faults or crashes. */
export function outcomeOf(execution: LocalExecution): Outcome {
  const operations = execution.all()
    .filter((operation) => operation.Type !== "EXECUTION")
    .map(describeOperation)
    .sort();
  return { status: execution.status, result: execution.result, operations };
}

/** An operation without what may differ between runs: timestamps, attempt counts, and the errors of attempts that were retried. */
function describeOperation(operation: Operation): string {
  const outcome = operation.StepDetails?.Result ?? operation.ContextDetails?.Result ?? operation.CallbackDetails?.Result ?? operation.ChainedInvokeDetails?.Result;
  const error = operation.Status === "SUCCEEDED" ? undefined : (operation.StepDetails?.Error ?? operation.ContextDetails?.Error ?? operation.CallbackDetails?.Error)?.ErrorType;
  return [operation.Id, operation.ParentId ?? "-", operation.Type, operation.SubType ?? "-", operation.Name ?? "-", operation.Status, outcome ?? "-", error ?? "-"].join(" ");
}

const STARTED_ONCE = new Set(["ContextStarted", "WaitStarted", "CallbackStarted", "ChainedInvokeStarted"]);
const ENDED = new Set(["ContextSucceeded", "ContextFailed", "WaitSucceeded", "WaitCancelled", "CallbackSucceeded", "CallbackFailed", "CallbackTimedOut", "ChainedInvokeSucceeded", "ChainedInvokeFailed"]);

/** Every operation starts (but a step, once per attempt) and ends at most once, and every event is of an operation the execution has. */
function historyProblems(execution: LocalExecution): string[] {
  const problems: string[] = [];
  const name = execution.executionArn.split("/").at(-2);
  const seen = new Map<string, number>();
  for (const event of execution.history.events) {
    if (event.Id === undefined) continue;
    if (execution.get(event.Id) === undefined) problems.push(`${name}: event ${event.EventId} ${event.EventType} is of no operation (${event.Id})`);
    const kind = STARTED_ONCE.has(event.EventType) ? "start" : ENDED.has(event.EventType) || isFinalStepEvent(event) ? "end" : undefined;
    if (kind === undefined) continue;
    const key = `${event.Id} ${kind}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (seen.get(key) === 2) problems.push(`${name}: operation ${event.Name ?? event.Id} has a second ${kind} event (${event.EventType}, event ${event.EventId})`);
  }
  for (const operation of execution.all()) {
    if (operation.Type === "EXECUTION" || operation.Status === "STARTED" || operation.Status === "PENDING" || operation.Status === "READY") continue;
    if (!seen.has(`${operation.Id} end`)) problems.push(`${name}: operation ${operation.Name ?? operation.Id} ended ${operation.Status} with no event saying so`);
  }
  return problems;
}

function isFinalStepEvent(event: HistoryEvent): boolean {
  if (event.EventType !== "StepSucceeded" && event.EventType !== "StepFailed") return false;
  const details = (event.StepSucceededDetails ?? event.StepFailedDetails) as { RetryDetails?: { NextAttemptDelaySeconds?: number } } | undefined;
  return details?.RetryDetails?.NextAttemptDelaySeconds === undefined;
}

/** The executions whose outcome differs from the reference run's, with the first difference. */
export function differences(reference: SoakReport, faulty: SoakReport): string[] {
  const found: string[] = [];
  for (const [name, expected] of reference.outcomes) {
    const actual = faulty.outcomes.get(name);
    if (actual === undefined) {
      found.push(`${name}: missing`);
      continue;
    }
    if (actual.status !== expected.status || actual.result !== expected.result) found.push(`${name}: ${actual.status} ${actual.result} instead of ${expected.status} ${expected.result}`);
    const lost = expected.operations.filter((operation) => !actual.operations.includes(operation));
    const extra = actual.operations.filter((operation) => !expected.operations.includes(operation));
    if (lost.length > 0 || extra.length > 0) found.push(`${name}: operations lost ${JSON.stringify(lost)}, extra ${JSON.stringify(extra)}`);
  }
  return found;
}
