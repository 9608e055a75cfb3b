import type { CallbackHandle, CallbackResultOp, CreateCallbackOp } from "../../dsl/callback";
import { CallbackResultOp as ResultOp } from "../../dsl/callback";
import { CallbackFailedError, CallbackTimeoutError, type ErrorDetails } from "../../dsl/errors";
import { detailsOf } from "../error-objects";
import { BLOCKED, NEXT, THROW, type Fiber, type Step } from "../fiber";
import { InvocationError, isTerminal, MISMATCH, type Run } from "../run";
import { updateBase } from "../updates";
import type { Operation, OperationUpdate } from "../wire";
import { awaitCompletion } from "./wait";

/**
 * CALLBACK/Callback: START with the timeouts, awaited, because the service assigns the callback id; the handle
 * goes back to the workflow at once and `handle.result` waits for the outcome.
 */
export function runCreateCallback(op: CreateCallbackOp<unknown>, fiber: Fiber, run: Run, position: number): Step {
  const id = fiber.scope.idAt(position);
  const recorded = run.recorded(fiber.scope, position, id, "CALLBACK", "Callback", op.name);
  if (recorded === MISMATCH) return BLOCKED;
  if (recorded !== undefined) {
    if (isTerminal(recorded)) run.replayedOne();
    return handleOf(op, recorded, fiber, run);
  }
  if (!run.goLive(fiber.scope, position, recorded, "CALLBACK", "Callback", op.name)) return BLOCKED;
  const options: NonNullable<OperationUpdate["CallbackOptions"]> = {};
  if (op.timeoutSeconds !== undefined) options.TimeoutSeconds = op.timeoutSeconds;
  if (op.heartbeatTimeoutSeconds !== undefined) options.HeartbeatTimeoutSeconds = op.heartbeatTimeoutSeconds;
  run.enqueue(fiber.scope, { ...updateBase(id, fiber.scope.contextId, op.name, "CALLBACK", "Callback"), Action: "START", CallbackOptions: options });
  run.whenDurable(() => {
    const started = run.snapshot.get(id);
    if (started === undefined) {
      run.failInvocation(new InvocationError(`the service did not return callback ${op.name ?? id} after its START was checkpointed`));
      return;
    }
    run.settle(fiber, handleOf(op, started, fiber, run));
  });
  return BLOCKED;
}

function handleOf(op: CreateCallbackOp<unknown>, operation: Operation, fiber: Fiber, run: Run): Step {
  const callbackId = operation.CallbackDetails?.CallbackId;
  if (callbackId === undefined) {
    run.failInvocation(new InvocationError(`callback ${op.name ?? operation.Id} has no CallbackId in the service's state`));
    return BLOCKED;
  }
  const handle: CallbackHandle<unknown> = Object.freeze({ callbackId, result: new ResultOp(op.name, operation.Id, op.serdes) });
  fiber.value = handle;
  return NEXT;
}

/** Waits for the outcome of a callback created earlier; not an operation of its own, so it has no position. */
export function runCallbackResult(op: CallbackResultOp<unknown>, fiber: Fiber, run: Run, _position: number): Step {
  const current = run.snapshot.get(op.operationId);
  if (current !== undefined && isTerminal(current)) return outcome(op, current, fiber, run);
  awaitCompletion(run, op.operationId, (operation) => run.settle(fiber, outcome(op, operation, fiber, run)));
  return BLOCKED;
}

const TIMEOUT_ERROR_TYPES = new Set(["Callback.Timeout", "Callback.Heartbeat"]);

function outcome(op: CallbackResultOp<unknown>, operation: Operation, fiber: Fiber, run: Run): Step {
  if (operation.Status === "SUCCEEDED") return run.continueWith(fiber, op.serdes, operation.CallbackDetails?.Result, "callback", op.name);
  const recorded = operation.CallbackDetails?.Error;
  const error = operation.Status === "TIMED_OUT" && recorded?.ErrorType === undefined ? { ...recorded, ErrorType: "Callback.Timeout" } : recorded;
  fiber.value = callbackError(op.name ?? operation.Id, detailsOf(error, `the callback ended ${operation.Status}`));
  return THROW;
}

/** The service records timeouts as Callback.Timeout / Callback.Heartbeat; every other failure is the sender's. */
export function callbackError(name: string, details: ErrorDetails): CallbackFailedError {
  return TIMEOUT_ERROR_TYPES.has(details.errorType) ? new CallbackTimeoutError(name, details) : new CallbackFailedError(name, details);
}
