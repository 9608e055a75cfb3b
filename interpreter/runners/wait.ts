import type { WaitOp } from "../../dsl/wait";
import { NEXT, MISMATCH, type Runner } from "../host";
import { updateBase } from "../updates";
import { isTerminal } from "../wire";
import { awaitCompletion } from "./completion";

/** WAIT/Wait: START with the duration, then the fiber waits until the service completes the wait. */
export const runWait: Runner<WaitOp> = (op, scope, position, host, done) => {
  const recorded = host.recorded(scope, position, "WAIT", "Wait", op.name);
  if (recorded === MISMATCH) return;
  if (recorded !== undefined && isTerminal(recorded)) {
    host.replayed();
    done(NEXT, undefined);
    return;
  }
  if (!host.mayRunNew(scope, position, recorded, "WAIT", "Wait", op.name)) return;
  const id = scope.idAt(position);
  if (recorded === undefined) host.record(scope, { ...updateBase(id, scope.contextId, op.name, "WAIT", "Wait"), Action: "START", WaitOptions: { WaitSeconds: op.seconds } });
  awaitCompletion(host, id, () => done(NEXT, undefined));
};
