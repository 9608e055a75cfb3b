import type { ChildOp } from "../../dsl/child";
import { ChildFailedError } from "../../dsl/errors";
import type { Runner } from "../host";
import { runContext } from "./context";

/** CONTEXT/RunInChildContext (or the child's own subType). */
export const runChild: Runner<ChildOp<unknown>> = (op, scope, position, host, done) => {
  runContext({ name: op.name, subType: op.subType, serdes: op.serdes, body: op.body, failure: (details) => new ChildFailedError(op.name, details) }, scope, position, host, done);
};
