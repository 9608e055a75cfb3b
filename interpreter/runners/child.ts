import type { ChildOp } from "../../dsl/child";
import { ChildFailedError } from "../../dsl/errors";
import type { Fiber, Step } from "../fiber";
import type { Run } from "../run";
import { runContext } from "./context";

/** CONTEXT/RunInChildContext (or the child's own subType). */
export function runChild(op: ChildOp<unknown>, fiber: Fiber, run: Run, position: number): Step {
  return runContext(
    { name: op.name, subType: op.subType, serdes: op.serdes, body: op.body, failure: (details) => new ChildFailedError(op.name, details) },
    fiber,
    run,
    position,
  );
}
