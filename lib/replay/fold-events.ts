import { describe } from "../../dsl/describe";
import type { ErrorObject, Operation, OperationStatus, OperationType, Timestamp } from "../../interpreter/wire";
import { HistoryFormatError } from "./history-format-error";

/** What GetDurableExecutionHistory's events tell about one operation, as the interpreter's operation state. */
export interface FoldedHistory {
  readonly operations: Operation[];
  /** Operations whose payload the service truncated, with where it was: a replay cannot use them. */
  readonly truncated: Map<string, string>;
  readonly invocations: number;
  readonly input: string | undefined;
}

interface EventKind {
  readonly type: OperationType;
  readonly status: OperationStatus;
  /** Where the event's payload goes: the result or the error of the operation. */
  readonly payload?: "result" | "error";
}

const KINDS: Record<string, EventKind> = {
  ExecutionStarted: { type: "EXECUTION", status: "STARTED" },
  ExecutionSucceeded: { type: "EXECUTION", status: "SUCCEEDED" },
  ExecutionFailed: { type: "EXECUTION", status: "FAILED" },
  ExecutionTimedOut: { type: "EXECUTION", status: "TIMED_OUT" },
  ExecutionStopped: { type: "EXECUTION", status: "STOPPED" },
  ContextStarted: { type: "CONTEXT", status: "STARTED" },
  ContextSucceeded: { type: "CONTEXT", status: "SUCCEEDED", payload: "result" },
  ContextFailed: { type: "CONTEXT", status: "FAILED", payload: "error" },
  WaitStarted: { type: "WAIT", status: "STARTED" },
  WaitSucceeded: { type: "WAIT", status: "SUCCEEDED" },
  WaitCancelled: { type: "WAIT", status: "CANCELLED" },
  StepStarted: { type: "STEP", status: "STARTED" },
  StepSucceeded: { type: "STEP", status: "SUCCEEDED", payload: "result" },
  StepFailed: { type: "STEP", status: "FAILED", payload: "error" },
  ChainedInvokeStarted: { type: "CHAINED_INVOKE", status: "STARTED" },
  ChainedInvokeSucceeded: { type: "CHAINED_INVOKE", status: "SUCCEEDED", payload: "result" },
  ChainedInvokeFailed: { type: "CHAINED_INVOKE", status: "FAILED", payload: "error" },
  ChainedInvokeTimedOut: { type: "CHAINED_INVOKE", status: "TIMED_OUT", payload: "error" },
  ChainedInvokeStopped: { type: "CHAINED_INVOKE", status: "STOPPED", payload: "error" },
  CallbackStarted: { type: "CALLBACK", status: "STARTED" },
  CallbackSucceeded: { type: "CALLBACK", status: "SUCCEEDED", payload: "result" },
  CallbackFailed: { type: "CALLBACK", status: "FAILED", payload: "error" },
  CallbackTimedOut: { type: "CALLBACK", status: "TIMED_OUT", payload: "error" },
};

const EXECUTION_ID = "execution";

/**
 * Folds an execution's events into its operations: the last event of an operation sets its status; a step's
 * attempts come from RetryDetails (an event with NextAttemptDelaySeconds is an attempt that will be retried, and
 * leaves the step PENDING); results and errors come from the events' payloads. `where` names the source in errors.
 */
export function foldEvents(events: readonly unknown[], where: string): FoldedHistory {
  const operations = new Map<string, Operation>();
  const truncated = new Map<string, string>();
  let invocations = 0;
  let input: string | undefined;
  events.forEach((raw, index) => {
    const at = `${where}: event ${index}`;
    const event = record(raw, at);
    const eventType = event.EventType;
    if (typeof eventType !== "string") throw new HistoryFormatError(`${at}: EventType is ${describe(eventType)}; expected a string such as "StepSucceeded"`);
    if (eventType === "InvocationCompleted") {
      invocations++;
      return;
    }
    const kind = KINDS[eventType];
    if (kind === undefined) throw new HistoryFormatError(`${at}: unknown EventType "${eventType}"; expected InvocationCompleted or one of ${Object.keys(KINDS).join(", ")}`);
    const here = `${at} (${eventType}${typeof event.EventId === "number" ? `, EventId ${event.EventId}` : ""})`;
    const id = kind.type === "EXECUTION" ? optionalString(event.Id, `${here}: Id`) ?? EXECUTION_ID : requiredString(event.Id, `${here}: Id`);
    const details = optionalRecord(event[`${eventType}Details`], `${here}: ${eventType}Details`) ?? {};
    const timestamp = timestampOf(event.EventTimestamp, `${here}: EventTimestamp`);

    let operation = operations.get(id);
    if (operation === undefined) {
      operation = { Id: id, Type: kind.type, Status: kind.status };
      const parentId = optionalString(event.ParentId, `${here}: ParentId`);
      const name = optionalString(event.Name, `${here}: Name`);
      const subType = optionalString(event.SubType, `${here}: SubType`);
      if (parentId !== undefined) operation.ParentId = parentId;
      if (name !== undefined) operation.Name = name;
      if (subType !== undefined) operation.SubType = subType;
      if (timestamp !== undefined) operation.StartTimestamp = timestamp;
      operations.set(id, operation);
    } else if (operation.Type !== kind.type) {
      throw new HistoryFormatError(`${here}: operation ${id} is a ${operation.Type} in earlier events, but ${eventType} is an event of a ${kind.type}`);
    }
    operation.Status = kind.status;
    if (timestamp !== undefined && kind.status !== "STARTED") operation.EndTimestamp = timestamp;

    const payload = kind.payload === undefined ? undefined : payloadOf(details, kind.payload === "result" ? "Result" : "Error", here);
    if (payload?.truncated) truncated.set(id, `the service truncated its ${kind.payload} (${here})`);
    else if (payload !== undefined) truncated.delete(id);

    switch (kind.type) {
      case "EXECUTION": {
        if (eventType === "ExecutionStarted") {
          const started = payloadOf(details, "Input", here);
          if (started?.truncated) truncated.set(id, `the service truncated the execution's input (${here})`);
          if (typeof started?.value === "string") {
            input = started.value;
            operation.ExecutionDetails = { InputPayload: started.value };
          }
        }
        return;
      }
      case "STEP":
        return foldStep(operation, eventType, details, payload?.value, here);
      case "WAIT": {
        const end = details.ScheduledEndTimestamp;
        if (end !== undefined) operation.WaitDetails = { ScheduledEndTimestamp: timestampOf(end, `${here}: ScheduledEndTimestamp`) };
        return;
      }
      case "CALLBACK": {
        const callbackId = details.CallbackId;
        operation.CallbackDetails ??= {};
        if (eventType === "CallbackStarted") operation.CallbackDetails.CallbackId = requiredString(callbackId, `${here}: CallbackStartedDetails.CallbackId`);
        setOutcome(operation.CallbackDetails, kind, payload?.value);
        return;
      }
      case "CHAINED_INVOKE":
        if (kind.payload !== undefined) setOutcome((operation.ChainedInvokeDetails ??= {}), kind, payload?.value);
        return;
      case "CONTEXT":
        if (kind.payload === undefined) return;
        operation.ContextDetails = {};
        if (kind.payload === "result" && replaysChildren(operation, payload?.value)) operation.ContextDetails.ReplayChildren = true;
        setOutcome(operation.ContextDetails, kind, payload?.value);
        return;
    }
  });
  return { operations: [...operations.values()], truncated, invocations, input };
}

function foldStep(operation: Operation, eventType: string, details: Record<string, unknown>, value: string | ErrorObject | undefined, here: string): void {
  const step = (operation.StepDetails ??= {});
  if (eventType === "StepStarted") return;
  const retry = optionalRecord(details.RetryDetails, `${here}: RetryDetails`);
  const attempt = retry?.CurrentAttempt;
  if (attempt !== undefined) {
    if (typeof attempt !== "number" || !Number.isInteger(attempt) || attempt < 0) throw new HistoryFormatError(`${here}: RetryDetails.CurrentAttempt is ${describe(attempt)}; expected a whole number`);
    step.Attempt = attempt;
  }
  const retriesAfter = retry?.NextAttemptDelaySeconds;
  if (retriesAfter !== undefined && retriesAfter !== null) {
    // The attempt failed (or a condition polled) and another follows: the step waits for its retry timer.
    operation.Status = "PENDING";
    delete operation.EndTimestamp;
  }
  if (eventType === "StepSucceeded") {
    if (typeof value === "string") step.Result = value;
    delete step.Error;
  } else if (typeof value === "object") {
    step.Error = value;
  }
}

/**
 * Events do not carry a context's ReplayChildren flag. It is set on results too large to record, which are
 * checkpointed as an empty payload (a recorded "" would be two quotes) or, for map and parallel, as a summary with
 * per-item statuses instead of the items (a recorded batch result always has `all`).
 */
function replaysChildren(operation: Operation, value: string | ErrorObject | undefined): boolean {
  if (value === "") return true;
  if (typeof value !== "string" || (operation.SubType !== "Map" && operation.SubType !== "Parallel") || !value.includes('"itemStatuses"')) return false;
  try {
    const recorded = JSON.parse(value) as { itemStatuses?: unknown; all?: unknown };
    return typeof recorded.itemStatuses === "string" && recorded.all === undefined;
  } catch {
    return false;
  }
}

function setOutcome(target: { Result?: string; Error?: ErrorObject }, kind: EventKind, value: string | ErrorObject | undefined): void {
  if (kind.payload === "result" && typeof value === "string") target.Result = value;
  if (kind.payload === "error" && typeof value === "object") target.Error = value;
}

/** An event payload: `{ Payload, Truncated }`, Payload a string (results, input) or an error object (errors). */
function payloadOf(details: Record<string, unknown>, field: "Result" | "Error" | "Input", here: string): { value: string | ErrorObject | undefined; truncated: boolean } | undefined {
  const container = optionalRecord(details[field], `${here}: ${field}`);
  if (container === undefined) return undefined;
  const truncated = container.Truncated === true;
  const value = container.Payload;
  if (value === undefined || value === null) return { value: undefined, truncated };
  if (field === "Error") {
    const error = optionalRecord(value, `${here}: Error.Payload`)!;
    for (const key of ["ErrorType", "ErrorMessage", "ErrorData"] as const) optionalString(error[key], `${here}: Error.Payload.${key}`);
    return { value: error as ErrorObject, truncated };
  }
  if (typeof value !== "string") throw new HistoryFormatError(`${here}: ${field}.Payload is ${describe(value)}; expected a string (the JSON the operation recorded)`);
  return { value, truncated };
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new HistoryFormatError(`${where}: expected an event object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function optionalRecord(value: unknown, where: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new HistoryFormatError(`${where} is ${describe(value)}; expected an object`);
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new HistoryFormatError(`${where} is ${describe(value)}; expected a string`);
  return value;
}

function requiredString(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") throw new HistoryFormatError(`${where} is ${value === undefined ? "missing" : describe(value)}; expected a non-empty string`);
  return value;
}

/** Epoch seconds (the AWS CLI's default), epoch milliseconds, or an ISO 8601 string. */
export function timestampOf(value: unknown, where: string): Timestamp | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value < 1e11 ? value * 1000 : value);
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new HistoryFormatError(`${where} is ${describe(value)}; expected epoch seconds or an ISO 8601 date`);
}
