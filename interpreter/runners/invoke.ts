import type { InvokeOp } from "../../dsl/invoke";
import { InvokeFailedError } from "../../dsl/errors";
import { detailsOf } from "../error-objects";
import { BLOCKED, THROW, type Fiber, type Step } from "../fiber";
import { PayloadError, serializePayload } from "../payload";
import { isTerminal, MISMATCH, type Run } from "../run";
import { updateBase } from "../updates";
import { LIMITS, type Operation, type OperationUpdate } from "../wire";
import { awaitCompletion } from "./wait";

/** CHAINED_INVOKE/ChainedInvoke: START with the payload and the function; the service runs it and records its outcome. */
export function runInvoke(op: InvokeOp<unknown>, fiber: Fiber, run: Run, position: number): Step {
  const id = fiber.scope.idAt(position);
  const recorded = run.recorded(fiber.scope, position, id, "CHAINED_INVOKE", "ChainedInvoke", op.name);
  if (recorded === MISMATCH) return BLOCKED;
  if (recorded !== undefined && isTerminal(recorded)) {
    run.replayedOne();
    return outcome(op, recorded, fiber, run);
  }
  if (!run.goLive(fiber.scope, position, recorded, "CHAINED_INVOKE", "ChainedInvoke", op.name)) return BLOCKED;
  if (recorded === undefined) {
    let payload: string | undefined;
    try {
      payload = serializePayload(op.payloadSerdes, op.payload, `the payload of invoke "${op.name}"`, LIMITS.operationPayloadBytes);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      fiber.value = error;
      return THROW;
    }
    const update: OperationUpdate = {
      ...updateBase(id, fiber.scope.contextId, op.name, "CHAINED_INVOKE", "ChainedInvoke"),
      Action: "START",
      ChainedInvokeOptions: op.tenantId === undefined ? { FunctionName: op.functionName } : { FunctionName: op.functionName, TenantId: op.tenantId },
    };
    if (payload !== undefined) update.Payload = payload;
    run.enqueue(fiber.scope, update);
  }
  awaitCompletion(run, id, (operation) => run.settle(fiber, outcome(op, operation, fiber, run)));
  return BLOCKED;
}

function outcome(op: InvokeOp<unknown>, operation: Operation, fiber: Fiber, run: Run): Step {
  if (operation.Status === "SUCCEEDED") return run.continueWith(fiber, op.resultSerdes, operation.ChainedInvokeDetails?.Result, "invoke", op.name);
  fiber.value = new InvokeFailedError(op.name, detailsOf(operation.ChainedInvokeDetails?.Error, `the invoked function ended ${operation.Status}`));
  return THROW;
}
