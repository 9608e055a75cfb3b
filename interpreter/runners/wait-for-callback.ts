import type { CallbackHandle } from "../../dsl/callback";
import type { OpGenerator } from "../../dsl/op";
import type { WaitForCallbackOp } from "../../dsl/wait-for-callback";
import type { Fiber, Step } from "../fiber";
import type { Run } from "../run";
import { callbackError } from "./callback";
import { runContext } from "./context";

/**
 * CONTEXT/WaitForCallback holding the CALLBACK (child 1) and the submitter STEP (child 2), both unnamed. The
 * context records the JSON of the value the workflow receives, so a replay returns it without its children.
 * Its failure is a CallbackTimeoutError or CallbackFailedError, decided by the recorded error type alone, so a
 * replay throws what the first run threw.
 */
export function runWaitForCallback(op: WaitForCallbackOp<unknown>, fiber: Fiber, run: Run, position: number): Step {
  return runContext(
    {
      name: op.name,
      subType: "WaitForCallback",
      serdes: op.callback.serdes,
      body: () => waitForCallbackBody(op),
      failure: (details) => callbackError(op.name, details),
    },
    fiber,
    run,
    position,
  );
}

function* waitForCallbackBody(op: WaitForCallbackOp<unknown>): OpGenerator<unknown> {
  const handle = (yield op.callback) as CallbackHandle<unknown>;
  yield op.submitter(handle.callbackId);
  return yield handle.result;
}
