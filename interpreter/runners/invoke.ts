import type { InvokeOp } from "../../dsl/invoke";
import { InvokeFailedError } from "../../dsl/errors";
import { detailsOf } from "../error-objects";
import { THROW, MISMATCH, type Resumption, type RunnerHost, type Runner } from "../host";
import { payloadFailure, readPayload, serializePayload } from "../payload";
import { updateBase } from "../updates";
import { isTerminal, LIMITS, type Operation, type OperationUpdate } from "../wire";
import { awaitCompletion } from "./completion";

/** CHAINED_INVOKE/ChainedInvoke: START with the payload and the function; the service runs it and records its outcome. */
export const runInvoke: Runner<InvokeOp<unknown>> = (op, scope, position, host, done) => {
  const recorded = host.recorded(scope, position, "CHAINED_INVOKE", "ChainedInvoke", op.name);
  if (recorded === MISMATCH) return;
  if (recorded !== undefined && isTerminal(recorded)) {
    host.replayed();
    answerOutcome(op, recorded, host, done);
    return;
  }
  if (!host.mayRunNew(scope, position, recorded, "CHAINED_INVOKE", "ChainedInvoke", op.name)) return;
  const id = scope.idAt(position);
  if (recorded === undefined) {
    let payload: string | undefined;
    try {
      payload = serializePayload(op.payloadSerdes, op.payload, `the payload of invoke "${op.name}"`, LIMITS.operationPayloadBytes);
    } catch (error) {
      // The payload rule (payload.ts): the invoke fails; the service records invoke outcomes, so nothing is recorded.
      done(THROW, new InvokeFailedError(op.name, detailsOf(payloadFailure(error), "the invoke's payload cannot be serialized")));
      return;
    }
    const update: OperationUpdate = {
      ...updateBase(id, scope.contextId, op.name, "CHAINED_INVOKE", "ChainedInvoke"),
      Action: "START",
      ChainedInvokeOptions: op.tenantId === undefined ? { FunctionName: op.functionName } : { FunctionName: op.functionName, TenantId: op.tenantId },
    };
    if (payload !== undefined) update.Payload = payload;
    host.record(scope, update);
  }
  awaitCompletion(host, id, (operation) => answerOutcome(op, operation, host, done));
};

function answerOutcome(op: InvokeOp<unknown>, operation: Operation, host: RunnerHost, done: (mode: Resumption, value: unknown) => void): void {
  if (operation.Status === "SUCCEEDED") {
    readPayload(op.resultSerdes, operation.ChainedInvokeDetails?.Result, "invoke", op.name, done, host);
    return;
  }
  done(THROW, new InvokeFailedError(op.name, detailsOf(operation.ChainedInvokeDetails?.Error, `the invoked function ended ${operation.Status}`)));
}
