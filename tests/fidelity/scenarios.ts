import type { DurableLambdaHandler } from "@aws/durable-execution-sdk-js";
import { WaitingOperationStatus, type DurableOperation } from "@aws/durable-execution-sdk-js-testing";
import type { Event } from "@aws-sdk/client-lambda";
import * as handlers from "./official-handlers";

/** What a scenario needs of a runner, the official local one or the cloud one: the same calls on both. */
export interface ScenarioRunner {
  getOperation(name: string): DurableOperation;
}

/** One official-SDK handler, run the same way on `durable serve` (by `functionName`) and on the official emulator. */
export interface Scenario {
  readonly functionName: string;
  readonly handler: DurableLambdaHandler;
  readonly payload?: unknown;
  /** What the test does while the execution runs (answering callbacks); the runner must then use Event invocations. */
  readonly answer?: (runner: ScenarioRunner) => Promise<void>;
  /** The functions the handler invokes, for the official emulator (durable serve has them registered). */
  readonly invokes?: { readonly durable: Record<string, DurableLambdaHandler>; readonly plain: Record<string, (event: unknown) => Promise<unknown>> };
}

const answer = (name: string, result: string, status = WaitingOperationStatus.STARTED) => async (runner: ScenarioRunner) => {
  const operation = runner.getOperation(name);
  await operation.waitForData(status);
  await operation.sendCallbackSuccess(result);
};

export const SCENARIOS: readonly Scenario[] = [
  { functionName: "hello", handler: handlers.hello, payload: { name: "Ada" } },
  { functionName: "steps", handler: handlers.stepRetries, payload: { name: "Ada" } },
  { functionName: "step-fails", handler: handlers.stepFails },
  { functionName: "waits", handler: handlers.waits },
  { functionName: "callback", handler: handlers.callback, answer: answer("approval", "yes") },
  { functionName: "callback-timeouts", handler: handlers.callbackTimeouts },
  { functionName: "wait-for-callback", handler: handlers.waitForCallback, answer: answer("ask", "ok", WaitingOperationStatus.SUBMITTED) },
  { functionName: "batches", handler: handlers.batches },
  { functionName: "children", handler: handlers.childContexts },
  { functionName: "invoke-qualified", handler: handlers.invokeQualified, invokes: { durable: { "hello:$LATEST": handlers.hello }, plain: { "echo:$LATEST": handlers.plainEcho } } },
  { functionName: "parallel-retries", handler: handlers.parallelRetries },
  { functionName: "logging", handler: handlers.logging },
];

/**
 * Where the official emulator is known to record less or more than AWS's API model has, field by field
 * (`Details.path`, for the values the predicate accepts): the comparison leaves these out on both sides. The service
 * follows AWS there; anything else that differs fails the test.
 */
export const KNOWN_EMULATOR_GAPS: Readonly<Record<string, { readonly why: string; readonly applies: (value: unknown) => boolean }>> = {
  "ExecutionStartedDetails.ExecutionTimeout": { why: "AWS records the function's execution timeout; the emulator has none", applies: () => true },
  // AWS records it (CurrentAttempt 2 for a success after one retry, in AWS's conformance histories).
  "StepSucceededDetails.RetryDetails.CurrentAttempt": { why: "the emulator records it only when its copy of the operation has an attempt: never for a first attempt, not always after retries", applies: () => true },
  // The emulator's ChainedInvokeStarted is a placeholder ("TODO: populate the fields"): FunctionName "", Input "".
  "ChainedInvokeStartedDetails.Input.Payload": { why: "the emulator records an empty string", applies: () => true },
  "ChainedInvokeStartedDetails.DurableExecutionArn": { why: "the emulator records an empty string", applies: () => true },
  "ChainedInvokeStartedDetails.ExecutedVersion": { why: "AWS records the version that ran; the emulator does not", applies: () => true },
  "ChainedInvokeStartedDetails.TenantId": { why: "AWS records the invoke's tenant; the emulator does not", applies: () => true },
  // The emulator adds the START update's Payload; AWS's model of CallbackStartedDetails has no Input.
  "CallbackStartedDetails.Input": { why: "not in AWS's model", applies: () => true },
  "CallbackStartedDetails.Input.Payload": { why: "not in AWS's model", applies: () => true },
};

/** An event as the comparison sees it: type, subtype, name, parent (by name), and the paths of the fields it carries. */
export function shapeOf(event: Event, byId: ReadonlyMap<string, Event>): string {
  const record = event as unknown as Record<string, unknown>;
  const detailsKey = `${event.EventType}Details`;
  const leaves = fieldLeaves(record[detailsKey], detailsKey);
  const kept = leaves.filter(([path, value]) => !path.endsWith(".Truncated") && !KNOWN_EMULATOR_GAPS[path]?.applies(value)).map(([path]) => path);
  // A field whose every leaf was left out still shows that it is there.
  for (const [path] of leaves) {
    const parent = path.slice(0, path.lastIndexOf("."));
    if (!kept.some((other) => other === parent || other.startsWith(`${parent}.`))) kept.push(parent);
  }
  const parent = event.ParentId === undefined ? "-" : byId.get(event.ParentId)?.Name ?? byId.get(event.ParentId)?.SubType ?? "?";
  return `${event.EventType} ${event.SubType ?? "-"} ${event.Name ?? "-"} in ${parent} {${[...new Set(kept)].sort().join(", ")}}`;
}

/** The defined leaves under `value` with their values, down to payloads (whose content is the handler's). */
function fieldLeaves(value: unknown, prefix: string): [string, unknown][] {
  if (value === null || typeof value !== "object" || value instanceof Date || prefix.endsWith(".Payload")) return [[prefix, value]];
  const leaves = Object.entries(value).filter(([, inner]) => inner !== undefined).flatMap(([key, inner]) => fieldLeaves(inner, `${prefix}.${key}`));
  return leaves.length === 0 ? [[prefix, value]] : leaves;
}

/**
 * The shapes of a history, context by context: the order of events within one context is the handler's, but how
 * concurrent branches interleave depends on timing. InvocationCompleted is counted apart (its place is timing too).
 * With `answeredByTest`, callback answers are listed apart, and the number of invocations depends on when they came.
 */
export function historyShape(events: readonly Event[], answeredByTest: boolean): { shapes: string[]; invocations: string[] } {
  const byId = new Map<string, Event>();
  for (const event of events) if (event.Id !== undefined && !byId.has(event.Id)) byId.set(event.Id, event);
  const byContext = new Map<string, string[]>();
  const invocations: string[] = [];
  for (const event of events) {
    if (event.EventType === "InvocationCompleted") {
      invocations.push(shapeOf(event, byId));
      continue;
    }
    // When the test answers a callback is the test's timing: its answer is compared apart from the order.
    const answer = answeredByTest && (event.EventType === "CallbackSucceeded" || event.EventType === "CallbackFailed");
    const context = answer ? "answers" : event.ParentId ?? "";
    if (!byContext.has(context)) byContext.set(context, []);
    byContext.get(context)!.push(shapeOf(event, byId));
  }
  return { shapes: [...byContext.values()].flat(), invocations };
}
