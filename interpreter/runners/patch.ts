import { PATCH_SUBTYPE, type PatchOp } from "../../dsl/patch";
import { MISMATCH, NEXT, type Runner } from "../host";
import { updateBase } from "../updates";

/**
 * A patch point, decided in O(1) from the one operation recorded at the next position of its context:
 * - this patch's marker: the execution passed here under the patched code; the marker takes the position (true);
 * - another operation: the execution passed here under the old code; the position stays that operation's (false);
 * - nothing: the execution is live here; patched() records the marker, one START batched with the updates that
 *   follow, and takes the new code; deprecatePatch() records nothing.
 * A marker that never becomes durable (the invocation crashes first) is decided again the same way next time.
 */
export const runPatch: Runner<PatchOp<boolean | void>> = (op, scope, position, host, done) => {
  const id = scope.idAt(position);
  const found = host.current(id);
  if (found !== undefined && (found.Type !== "STEP" || found.SubType !== PATCH_SUBTYPE || found.Name !== op.name)) {
    done(NEXT, op.deprecated ? undefined : false);
    return;
  }
  if (found === undefined && op.deprecated) {
    done(NEXT, undefined);
    return;
  }
  if (found === undefined && !host.mayRunNew(scope, position, undefined, "STEP", PATCH_SUBTYPE, op.name)) return;
  scope.advanceTo(position);
  if (found === undefined) {
    host.record(scope, { ...updateBase(id, scope.contextId, op.name, "STEP", PATCH_SUBTYPE), Action: "START" });
  } else {
    if (host.recorded(scope, position, "STEP", PATCH_SUBTYPE, op.name) === MISMATCH) return;
    host.replayed();
  }
  done(NEXT, op.deprecated ? undefined : true);
};
