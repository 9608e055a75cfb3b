import type { ErrorObject, Operation, OperationUpdate } from "../../interpreter/wire";
import { executedVersionOf } from "./function-names";

/**
 * The messages of a callback's timeouts. AWS's texts are not documented; these are the official emulator's (the
 * official SDK's tests expect them), with AWS's error types.
 */
export const CALLBACK_TIMEOUT_MESSAGES: Readonly<Record<"Callback.Timeout" | "Callback.Heartbeat", string>> = {
  "Callback.Timeout": "Callback timed out",
  "Callback.Heartbeat": "Callback timed out on heartbeat",
};

/** One entry of an execution's history, as GetDurableExecutionHistory returns it. */
export interface HistoryEvent {
  EventType: string;
  EventId: number;
  EventTimestamp: Date;
  SubType?: string;
  Id?: string;
  Name?: string;
  ParentId?: string;
  [details: `${string}Details`]: unknown;
}

const payload = (data: string | undefined) => ({ Payload: data, Truncated: false });
const errorPayload = (error: ErrorObject | undefined) => ({ Payload: error ?? {}, Truncated: false });

/** The history of one execution: events numbered from 1 (ExecutionStarted), in the order they happened. */
export class EventLog {
  readonly events: HistoryEvent[] = [];
  /** Told of every event as it is appended (the service's live progress, callback answers in tests). */
  onAppend: ((event: HistoryEvent) => void) | undefined;

  append(type: string, at: Date, details: Record<string, unknown>, operation?: Pick<Operation, "Id" | "Name" | "ParentId" | "SubType">): HistoryEvent {
    const event: HistoryEvent = { EventType: type, EventId: this.events.length + 1, EventTimestamp: at };
    if (operation?.SubType !== undefined) event.SubType = operation.SubType;
    if (operation !== undefined) event.Id = operation.Id;
    if (operation?.Name !== undefined) event.Name = operation.Name;
    if (operation?.ParentId !== undefined) event.ParentId = operation.ParentId;
    event[`${type}Details`] = details;
    this.events.push(event);
    this.onAppend?.(event);
    return event;
  }

  /** The event an applied update produces (none for the EXECUTION's own SUCCEED: the terminal event says it). */
  recordUpdate(update: OperationUpdate, operation: Operation, at: Date): void {
    const attempt = operation.StepDetails?.Attempt;
    switch (`${update.Type} ${update.Action}`) {
      case "STEP START":
        return void this.append("StepStarted", at, {}, operation);
      case "STEP SUCCEED":
        return void this.append("StepSucceeded", at, { Result: payload(update.Payload), RetryDetails: { CurrentAttempt: attempt } }, operation);
      case "STEP FAIL":
        return void this.append("StepFailed", at, { Error: errorPayload(update.Error), RetryDetails: { CurrentAttempt: attempt } }, operation);
      case "STEP RETRY": {
        const retry = { CurrentAttempt: attempt, NextAttemptDelaySeconds: update.StepOptions?.NextAttemptDelaySeconds ?? 1 };
        // A condition poll carries its state and no error: the service records it as a success that polls again.
        if (update.Error === undefined) return void this.append("StepSucceeded", at, { Result: payload(update.Payload), RetryDetails: retry }, operation);
        return void this.append("StepFailed", at, { Error: errorPayload(update.Error), RetryDetails: retry }, operation);
      }
      case "WAIT START":
        return void this.append("WaitStarted", at, { Duration: update.WaitOptions?.WaitSeconds, ScheduledEndTimestamp: operation.WaitDetails?.ScheduledEndTimestamp }, operation);
      case "WAIT CANCEL":
        return void this.append("WaitCancelled", at, {}, operation);
      case "CALLBACK START":
        return void this.append("CallbackStarted", at, {
          CallbackId: operation.CallbackDetails?.CallbackId,
          Timeout: update.CallbackOptions?.TimeoutSeconds,
          HeartbeatTimeout: update.CallbackOptions?.HeartbeatTimeoutSeconds,
        }, operation);
      case "CHAINED_INVOKE START": {
        const options = update.ChainedInvokeOptions;
        const details: Record<string, unknown> = { FunctionName: options?.FunctionName, Input: payload(update.Payload), ExecutedVersion: executedVersionOf(options?.FunctionName ?? "") };
        if (options?.TenantId !== undefined) details.TenantId = options.TenantId;
        return void this.append("ChainedInvokeStarted", at, details, operation);
      }
      case "CONTEXT START":
        return void this.append("ContextStarted", at, {}, operation);
      case "CONTEXT SUCCEED":
        return void this.append("ContextSucceeded", at, { Result: payload(update.Payload) }, operation);
      case "CONTEXT FAIL":
        return void this.append("ContextFailed", at, { Error: errorPayload(update.Error) }, operation);
    }
  }

  /** What the outside world or a timer did to an operation: a wait elapsed, a callback answered, an invoke returned. */
  recordCompletion(operation: Operation, at: Date): void {
    const prefix = operation.Type === "WAIT" ? "Wait" : operation.Type === "CALLBACK" ? "Callback" : operation.Type === "CHAINED_INVOKE" ? "ChainedInvoke" : undefined;
    if (prefix === undefined) return;
    const details = operation.CallbackDetails ?? operation.ChainedInvokeDetails;
    switch (operation.Status) {
      case "SUCCEEDED":
        return void this.append(`${prefix}Succeeded`, at, prefix === "Wait" ? { Duration: waitSeconds(operation) } : { Result: payload(details?.Result) }, operation);
      case "FAILED":
        return void this.append(`${prefix}Failed`, at, { Error: errorPayload(details?.Error) }, operation);
      case "TIMED_OUT":
        return void this.append(`${prefix}TimedOut`, at, { Error: errorPayload(details?.Error) }, operation);
      case "STOPPED":
        return void this.append(`${prefix}Stopped`, at, { Error: errorPayload(details?.Error) }, operation);
    }
  }
}

/** How long a wait was set for: from its start to its scheduled end. */
function waitSeconds(operation: Operation): number | undefined {
  const start = operation.StartTimestamp;
  const end = operation.WaitDetails?.ScheduledEndTimestamp;
  if (start === undefined || end === undefined) return undefined;
  return Math.round((new Date(end).getTime() - new Date(start).getTime()) / 1000);
}
