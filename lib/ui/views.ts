import type { ErrorObject, Operation } from "../../interpreter/wire";
import type { LocalExecution } from "../local/execution";
import type { ExecutionSummary as ListedSummary } from "../local/service";
import { buildTimeline, kindLabel, type RecordedEvent } from "../timeline/model";
import type { ExecutionDetail, ExecutionSummary, InvocationView, OperationView, PendingCallbackView } from "./view-types";

const OPEN = new Set(["STARTED", "PENDING", "READY"]);

/**
 * One line of the executions list, from what the service lists: a finished execution is not read back from its
 * archive for it; a running one (always in memory) is given too, for what it is doing now.
 */
export function listedExecution(summary: ListedSummary, running: LocalExecution | undefined): ExecutionSummary {
  return {
    arn: summary.executionArn,
    name: summary.name,
    functionName: summary.functionName,
    status: summary.status,
    startedAt: summary.startedAt.getTime(),
    endedAt: summary.endedAt?.getTime(),
    current: running === undefined ? [] : currentOperations(running),
  };
}

/** The summary of an execution at hand (the execution page's head). */
export function executionSummary(execution: LocalExecution): ExecutionSummary {
  return {
    arn: execution.executionArn,
    name: execution.executionArn.split("/").at(-2) ?? execution.executionArn,
    functionName: execution.functionName,
    status: execution.status,
    startedAt: execution.startedAt.getTime(),
    endedAt: execution.status === "RUNNING" ? undefined : msOf(execution.history.events.at(-1)?.EventTimestamp),
    current: currentOperations(execution),
  };
}

/** What it waits on or runs: the innermost open operations (a context is open while anything inside it is). */
function currentOperations(execution: LocalExecution): string[] {
  if (execution.status !== "RUNNING") return [];
  const operations = execution.all();
  const byId = new Map(operations.map((operation) => [operation.Id, operation]));
  const open = operations.filter((operation) => operation.Type !== "EXECUTION" && OPEN.has(operation.Status));
  const parents = new Set(open.map((operation) => operation.ParentId));
  return open.filter((operation) => !parents.has(operation.Id)).map((operation) => `${nameOf(operation, byId)} (${operation.Status.toLowerCase()})`);
}

/** The execution page: the timeline (the model `durable timeline` draws), its operations nested as the timeline nests them, invocations, open callbacks. */
export function executionDetail(execution: LocalExecution, now: number): ExecutionDetail {
  const events = execution.history.events;
  const timeline = buildTimeline(events as readonly RecordedEvent[], execution.executionArn);
  const operations = execution.all();
  const byId = new Map(operations.map((operation) => [operation.Id, operation]));
  const started = new Map(events.filter((event) => event.EventType.endsWith("Started") && event.Id !== undefined).map((event) => [event.Id!, event]));
  const rows: OperationView[] = timeline.rows.map((row) => {
    const operation = byId.get(row.id);
    return {
      id: row.id,
      parentId: row.parentId,
      depth: row.depth,
      name: row.label,
      kind: kindLabel(row),
      type: operation?.Type ?? row.kind,
      status: operation?.Status ?? row.status,
      attempts: row.attempts,
      input: inputOf(started.get(row.id)?.[`${row.kind}StartedDetails`] as Record<string, unknown> | undefined),
      result: operation === undefined ? undefined : resultOf(operation),
      // A step that succeeded after a failed attempt still holds that attempt's error: its result is what counts.
      error: operation === undefined || operation.Status === "SUCCEEDED" ? undefined : errorText(errorOf(operation)),
      startedAt: msOf(operation?.StartTimestamp) ?? row.startedAt,
      endedAt: msOf(operation?.EndTimestamp) ?? row.endedAt,
    };
  });
  const invocations: InvocationView[] = execution.invocations.map((invocation, index) => ({
    index: index + 1,
    requestId: invocation.requestId,
    startedAt: invocation.start.getTime(),
    endedAt: invocation.end?.getTime(),
    status: invocation.status,
    error: errorText(invocation.error),
  }));
  const pendingCallbacks: PendingCallbackView[] = execution.status !== "RUNNING" ? [] : operations
    .filter((operation) => operation.Type === "CALLBACK" && operation.Status === "STARTED" && operation.CallbackDetails?.CallbackId !== undefined)
    .map((operation) => {
      const details = started.get(operation.Id)?.CallbackStartedDetails as { Timeout?: number; HeartbeatTimeout?: number } | undefined;
      return {
        callbackId: operation.CallbackDetails!.CallbackId!,
        name: nameOf(operation, byId),
        operationId: operation.Id,
        startedAt: msOf(operation.StartTimestamp),
        timeoutSeconds: details?.Timeout,
        heartbeatTimeoutSeconds: details?.HeartbeatTimeout,
      };
    });
  return {
    ...executionSummary(execution),
    now,
    input: operations.find((operation) => operation.Type === "EXECUTION")?.ExecutionDetails?.InputPayload,
    result: execution.result,
    error: errorText(execution.error),
    operations: rows,
    invocations,
    pendingCallbacks,
    timeline,
  };
}

/** The operation's name; the unnamed callback of a waitForCallback goes by its context's. */
function nameOf(operation: Operation, byId: ReadonlyMap<string, Operation>): string {
  if (operation.Name !== undefined) return operation.Name;
  const parent = operation.ParentId === undefined ? undefined : byId.get(operation.ParentId);
  return parent?.Name ?? operation.Type.toLowerCase();
}

function inputOf(details: Record<string, unknown> | undefined): string | undefined {
  if (details === undefined) return undefined;
  const payload = (details.Input as { Payload?: string } | undefined)?.Payload;
  if (payload !== undefined) return payload;
  if (typeof details.Duration === "number") return spell(details.Duration);
  const limits = [
    typeof details.Timeout === "number" && details.Timeout > 0 ? `timeout ${spell(details.Timeout)}` : undefined,
    typeof details.HeartbeatTimeout === "number" && details.HeartbeatTimeout > 0 ? `heartbeat ${spell(details.HeartbeatTimeout)}` : undefined,
  ].filter((part) => part !== undefined);
  return limits.length === 0 ? undefined : limits.join(", ");
}

/** Seconds in the largest unit that divides them: 86400 is "1 d", 1800 "30 min", 90 "90 s". */
function spell(seconds: number): string {
  for (const [unit, size] of [["d", 86_400], ["h", 3600], ["min", 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${unit}`;
  }
  return `${seconds} s`;
}

function resultOf(operation: Operation): string | undefined {
  return operation.StepDetails?.Result ?? operation.CallbackDetails?.Result ?? operation.ChainedInvokeDetails?.Result ?? operation.ContextDetails?.Result;
}

function errorOf(operation: Operation): ErrorObject | undefined {
  return operation.StepDetails?.Error ?? operation.CallbackDetails?.Error ?? operation.ChainedInvokeDetails?.Error ?? operation.ContextDetails?.Error;
}

function errorText(error: ErrorObject | undefined): string | undefined {
  if (error === undefined || (error.ErrorType === undefined && error.ErrorMessage === undefined)) return undefined;
  return `${error.ErrorType ?? "Error"}: ${error.ErrorMessage ?? ""}`;
}

function msOf(timestamp: Date | number | string | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  if (timestamp instanceof Date) return timestamp.getTime();
  return typeof timestamp === "number" ? timestamp : Date.parse(timestamp);
}
