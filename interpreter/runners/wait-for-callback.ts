import type { CallbackHandle } from "../../dsl/callback";
import type { OpGenerator } from "../../dsl/op";
import type { WaitForCallbackOp } from "../../dsl/wait-for-callback";
import type { Runner } from "../host";
import { callbackError } from "./callback";
import { runContext } from "./context";

/**
 * CONTEXT/WaitForCallback holding the CALLBACK (child 1) and the submitter STEP (child 2), both unnamed. The
 * context records the JSON of the value the workflow receives, so a replay returns it without its children.
 * Its failure is a CallbackTimeoutError or CallbackFailedError, decided by the recorded error type alone, so a
 * replay throws what the first run threw.
 */
export const runWaitForCallback: Runner<WaitForCallbackOp<unknown>> = (op, scope, position, host, done) => {
  runContext(
    { name: op.name, subType: "WaitForCallback", serdes: op.callback.serdes, body: () => waitForCallbackBody(op), failure: (details) => callbackError(op.name, details) },
    scope,
    position,
    host,
    done,
  );
};

function* waitForCallbackBody(op: WaitForCallbackOp<unknown>): OpGenerator<unknown> {
  const handle = (yield op.callback) as CallbackHandle<unknown>;
  yield op.submitter(handle.callbackId);
  return yield handle.result;
}
