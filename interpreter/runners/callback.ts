import type { CallbackHandle, CallbackResultOp, CreateCallbackOp } from "../../dsl/callback";
import { CallbackResultOp as ResultOp } from "../../dsl/callback";
import { CallbackFailedError, CallbackTimeoutError, type ErrorDetails } from "../../dsl/errors";
import { detailsOf } from "../error-objects";
import { NEXT, THROW, MISMATCH, type Done, type Runner, type RunnerHost } from "../host";
import { InvocationError } from "../invocation-error";
import { readPayload } from "../payload";
import { updateBase } from "../updates";
import { isTerminal, type Operation, type OperationUpdate } from "../wire";
import { awaitCompletion } from "./completion";

/**
 * CALLBACK/Callback: START with the timeouts, awaited, because the service assigns the callback id; the handle
 * goes back to the workflow at once and `handle.result` waits for the outcome.
 */
export const runCreateCallback: Runner<CreateCallbackOp<unknown>> = (op, scope, position, host, done) => {
  const recorded = host.recorded(scope, position, "CALLBACK", "Callback", op.name);
  if (recorded === MISMATCH) return;
  if (recorded !== undefined) {
    if (isTerminal(recorded)) host.replayed();
    answerHandle(op, recorded, host, done);
    return;
  }
  if (!host.mayRunNew(scope, position, recorded, "CALLBACK", "Callback", op.name)) return;
  const id = scope.idAt(position);
  const options: NonNullable<OperationUpdate["CallbackOptions"]> = {};
  if (op.timeoutSeconds !== undefined) options.TimeoutSeconds = op.timeoutSeconds;
  if (op.heartbeatTimeoutSeconds !== undefined) options.HeartbeatTimeoutSeconds = op.heartbeatTimeoutSeconds;
  host.record(scope, { ...updateBase(id, scope.contextId, op.name, "CALLBACK", "Callback"), Action: "START", CallbackOptions: options });
  host.whenDurable(() => {
    const started = host.current(id);
    if (started === undefined) host.failInvocation(new InvocationError(`the service did not return callback ${op.name ?? id} after its START was checkpointed`));
    else answerHandle(op, started, host, done);
  });
};

function answerHandle(op: CreateCallbackOp<unknown>, operation: Operation, host: RunnerHost, done: Done): void {
  const callbackId = operation.CallbackDetails?.CallbackId;
  if (callbackId === undefined) {
    host.failInvocation(new InvocationError(`callback ${op.name ?? operation.Id} has no CallbackId in the service's state`));
    return;
  }
  const handle: CallbackHandle<unknown> = Object.freeze({ callbackId, result: new ResultOp(op.name, operation.Id, op.serdes) });
  done(NEXT, handle);
}

/** Waits for the outcome of a callback created earlier; not an operation of its own, so it has no position. */
export const runCallbackResult: Runner<CallbackResultOp<unknown>> = (op, _scope, _position, host, done) => {
  const current = host.current(op.operationId);
  if (current !== undefined && isTerminal(current)) answerOutcome(op, current, host, done);
  else awaitCompletion(host, op.operationId, (operation) => answerOutcome(op, operation, host, done));
};

const TIMEOUT_ERROR_TYPES = new Set(["Callback.Timeout", "Callback.Heartbeat"]);

function answerOutcome(op: CallbackResultOp<unknown>, operation: Operation, host: RunnerHost, done: Done): void {
  if (operation.Status === "SUCCEEDED") {
    readPayload(op.serdes, operation.CallbackDetails?.Result, "callback", op.name, done, host);
    return;
  }
  const recorded = operation.CallbackDetails?.Error;
  const error = operation.Status === "TIMED_OUT" && recorded?.ErrorType === undefined ? { ...recorded, ErrorType: "Callback.Timeout" } : recorded;
  done(THROW, callbackError(op.name ?? operation.Id, detailsOf(error, `the callback ended ${operation.Status}`)));
}

/** The service records timeouts as Callback.Timeout / Callback.Heartbeat; every other failure is the sender's. */
export function callbackError(name: string, details: ErrorDetails): CallbackFailedError {
  return TIMEOUT_ERROR_TYPES.has(details.errorType) ? new CallbackTimeoutError(name, details) : new CallbackFailedError(name, details);
}
