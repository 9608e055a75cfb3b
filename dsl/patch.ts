import { Op } from "./op";
import { checkName } from "./validation";

/**
 * A patch point. On the wire the marker is a STEP with SubType "Patch", named after the patch, checkpointed as one
 * START update and never completed: the START of a STEP is the one update that has no effect on the service (a
 * WAIT's starts a timer, a CALLBACK's waits for an answer, an invoke's runs a function, a CONTEXT's opens a scope
 * that should end), and a STEP is a legal operation at any position, so histories with markers stay readable by
 * AWS's console and the official SDK's tools. The runner decides from the one operation recorded at its position.
 */
export class PatchOp<T extends boolean | void> extends Op<T> {
  readonly kind = "patch";
  constructor(
    /** The patch id, recorded as the marker's Name. */
    readonly name: string,
    /** deprecatePatch: replays a recorded marker, records none. */
    readonly deprecated: boolean,
  ) {
    super();
    Object.freeze(this);
  }
}

/** The marker's SubType on the wire. */
export const PATCH_SUBTYPE = "Patch";

/**
 * Changes code safely for executions in flight: `if (yield* patched("charge-v2")) { new code } else { old code }`.
 * True where the execution reaches this point live (it records a marker, one update) or where its history has this
 * marker; false where the history already has another operation at this position: the execution was past this
 * point under the old code, so it goes on with the old code, and the position stays the old operation's.
 * @example
 * if (yield* patched("fraud-check")) yield* step("fraud-check", () => screen(order));
 */
export function patched(id: string): Op<boolean> {
  return new PatchOp<boolean>(checkName("patched", id), false);
}

/**
 * The second stage of a patch, once no execution runs the old code: `yield* deprecatePatch("charge-v2")` before
 * the new code alone. A history with the marker replays (the marker is consumed where it was recorded); new
 * executions record nothing. Remove the call when no execution with the marker is left.
 * @example
 * yield* deprecatePatch("fraud-check");
 * yield* step("fraud-check", () => screen(order));
 */
export function deprecatePatch(id: string): Op<void> {
  return new PatchOp<void>(checkName("deprecatePatch", id), true);
}
