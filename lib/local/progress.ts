import type { HistoryEvent } from "./events";
import type { LocalExecution } from "./execution";

const STARTS = new Set(["StepStarted", "WaitStarted", "CallbackStarted", "ChainedInvokeStarted", "ContextStarted"]);
const ENDS = /^(Step|Wait|Callback|ChainedInvoke|Context)(Succeeded|Failed|TimedOut|Stopped|Cancelled)$/;

/**
 * A live view of executions for a terminal: a line per operation as it starts and as it completes (with how long
 * it took, in the service's time), a line per invocation, and the outcome.
 * @example
 * service.onEvent(progressView((line) => console.log(line)));
 */
export function progressView(write: (line: string) => void): (execution: LocalExecution, event: HistoryEvent) => void {
  const started = new Map<string, number>();
  return (execution, event) => {
    const at = event.EventTimestamp.getTime();
    const clock = `[+${elapsed(at - execution.startedAt.getTime())}]`;
    const operation = event.Id === undefined ? undefined : execution.get(event.Id);
    const depth = operation === undefined ? 0 : depthOf(execution, operation.ParentId);
    const label = `${"  ".repeat(depth)}${(event.SubType ?? "").padEnd(14)} ${event.Name ?? (operation?.ParentId ? `(in ${execution.get(operation.ParentId)?.Name ?? "context"})` : "")}`;
    if (event.EventType === "ExecutionStarted") return write(`${clock} execution started  ${execution.executionArn}`);
    if (event.EventType === "InvocationCompleted") {
      const details = event.InvocationCompletedDetails as { Error?: { Payload?: { ErrorType?: string } } };
      const woken = (execution.invocations.at(-1)?.updatedOperationIds ?? []).map((id) => nameOf(execution, id));
      return write(`${clock} -- invocation ${execution.invocations.length}${woken.length > 0 ? ` (for ${woken.join(", ")})` : ""} ended${details.Error?.Payload ? ` with ${details.Error.Payload.ErrorType}` : ""}`);
    }
    if (STARTS.has(event.EventType)) {
      started.set(`${event.Id}`, at);
      return write(`${clock}   > ${label}`);
    }
    const retry = (event[`${event.EventType}Details`] as { RetryDetails?: { NextAttemptDelaySeconds?: number } } | undefined)?.RetryDetails;
    if (retry?.NextAttemptDelaySeconds !== undefined) {
      const what = event.EventType === "StepFailed" ? `attempt failed${resultOf(event)}` : `polled${resultOf(event)}`;
      return write(`${clock}   ~ ${label} ${what}, again in ${retry.NextAttemptDelaySeconds}s`);
    }
    const end = ENDS.exec(event.EventType);
    if (end !== null) {
      const took = at - (started.get(`${event.Id}`) ?? at);
      const mark = end[2] === "Succeeded" ? "ok" : end[2]!.toLowerCase();
      return write(`${clock}   ${mark === "ok" ? "+" : "x"} ${label} ${mark} in ${duration(took)}${resultOf(event)}`);
    }
    if (event.EventType.startsWith("Execution")) return write(`${clock} execution ${event.EventType.slice("Execution".length).toLowerCase()}${resultOf(event)}`);
  };
}

/** An operation's name; a waitForCallback's callback and submitter have none, their context has. */
function nameOf(execution: LocalExecution, id: string): string {
  const operation = execution.get(id);
  return operation?.Name ?? execution.get(operation?.ParentId ?? "")?.Name ?? id;
}

function depthOf(execution: LocalExecution, parentId: string | undefined): number {
  let depth = 0;
  for (let id = parentId; id !== undefined; id = execution.get(id)?.ParentId) depth++;
  return depth;
}

function resultOf(event: HistoryEvent): string {
  const details = event[`${event.EventType}Details`] as { Result?: { Payload?: string }; Error?: { Payload?: { ErrorType?: string; ErrorMessage?: string } } } | undefined;
  if (details?.Error?.Payload?.ErrorType) return `: ${details.Error.Payload.ErrorType}: ${details.Error.Payload.ErrorMessage}`;
  const payload = details?.Result?.Payload;
  if (payload === undefined) return "";
  return ` -> ${payload.length > 80 ? `${payload.slice(0, 77)}...` : payload}`;
}

function elapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

function duration(ms: number): string {
  if (ms >= 60_000) return `${elapsed(ms)}`;
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`;
}
