import { PATCH_SUBTYPE, type PatchOp } from "../../dsl/patch";
import { BLOCKED, NEXT, type Fiber, type Step } from "../fiber";
import { MISMATCH, type Run } from "../run";
import { updateBase } from "../updates";

/**
 * A patch point, decided in O(1) from the one operation recorded at the next position of the fiber's context:
 * - this patch's marker: the execution passed here under the patched code; the marker takes the position (true);
 * - another operation: the execution passed here under the old code; the position stays that operation's (false);
 * - nothing: the execution is live here; patched() records the marker, one START batched with the updates that
 *   follow, and takes the new code; deprecatePatch() records nothing.
 * A marker that never becomes durable (the invocation crashes first) is decided again the same way next time.
 */
export function runPatch(op: PatchOp<boolean | void>, fiber: Fiber, run: Run, position: number): Step {
  const scope = fiber.scope;
  const id = scope.idAt(position);
  const recorded = run.snapshot.get(id);
  if (recorded !== undefined && (recorded.Type !== "STEP" || recorded.SubType !== PATCH_SUBTYPE || recorded.Name !== op.name)) {
    fiber.value = op.deprecated ? undefined : false;
    return NEXT;
  }
  if (recorded === undefined && op.deprecated) {
    fiber.value = undefined;
    return NEXT;
  }
  if (recorded === undefined && !run.goLive(scope, position, undefined, "STEP", PATCH_SUBTYPE, op.name)) return BLOCKED;
  scope.advanceTo(position);
  if (recorded === undefined) {
    run.enqueue(scope, { ...updateBase(id, scope.contextId, op.name, "STEP", PATCH_SUBTYPE), Action: "START" });
  } else {
    if (run.recorded(scope, position, id, "STEP", PATCH_SUBTYPE, op.name) === MISMATCH) return BLOCKED;
    run.replayedOne();
  }
  fiber.value = op.deprecated ? undefined : true;
  return NEXT;
}
