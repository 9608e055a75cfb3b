import type { WaitOp } from "../../dsl/wait";
import { BLOCKED, NEXT, type Fiber, type Step } from "../fiber";
import { isTerminal, MISMATCH, type Run } from "../run";
import { updateBase } from "../updates";
import type { Operation } from "../wire";

/** WAIT/Wait: START with the duration, then the fiber waits until the service completes the wait. */
export function runWait(op: WaitOp, fiber: Fiber, run: Run, position: number): Step {
  const id = fiber.scope.idAt(position);
  const recorded = run.recorded(fiber.scope, position, id, "WAIT", "Wait", op.name);
  if (recorded === MISMATCH) return BLOCKED;
  if (recorded !== undefined && isTerminal(recorded)) {
    run.replayedOne();
    fiber.value = undefined;
    return NEXT;
  }
  if (!run.goLive(fiber.scope, position, recorded, "WAIT", "Wait", op.name)) return BLOCKED;
  if (recorded === undefined) {
    run.enqueue(fiber.scope, { ...updateBase(id, fiber.scope.contextId, op.name, "WAIT", "Wait"), Action: "START", WaitOptions: { WaitSeconds: op.seconds } });
  }
  awaitCompletion(run, id, () => run.resume(fiber, NEXT, undefined));
  return BLOCKED;
}

/** Calls `then` when the service reports operation `id` in a terminal status. */
export function awaitCompletion(run: Run, id: string, then: (operation: Operation) => void): void {
  run.watch(id, (operation) => {
    if (isTerminal(operation)) then(operation);
    else awaitCompletion(run, id, then);
  });
}
