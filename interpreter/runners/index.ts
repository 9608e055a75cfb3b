import { DurableUsageError } from "../../dsl/errors";
import type { Op, OpKind } from "../../dsl/op";
import { THROW, type Fiber, type Step } from "../fiber";
import type { Run } from "../run";
import { runCallbackResult, runCreateCallback } from "./callback";
import { runChild } from "./child";
import { runInvoke } from "./invoke";
import { runStep } from "./step";
import { runWait } from "./wait";
import { runWaitForCallback } from "./wait-for-callback";
import { runWaitForCondition } from "./wait-for-condition";
import { runCombinator } from "./combinator";
import { runBatch } from "./batch";
import { runPatch } from "./patch";

/** Runs a descriptor at `position`, the operation's place in its fiber's context. */
export type Runner = (op: Op<unknown>, fiber: Fiber, run: Run, position: number) => Step;


/** One runner per descriptor kind; each descriptor class carries its kind, so the cast below is exact. */
const RUNNERS: Record<OpKind, Runner> = {
  step: runStep as Runner,
  wait: runWait as Runner,
  invoke: runInvoke as Runner,
  createCallback: runCreateCallback as Runner,
  callbackResult: runCallbackResult as Runner,
  waitForCallback: runWaitForCallback as Runner,
  waitForCondition: runWaitForCondition as Runner,
  child: runChild as Runner,
  batch: runBatch as Runner,
  combinator: runCombinator as Runner,
  patch: runPatch as Runner,
};

/**
 * Runs `op` in `fiber` at `position`, or else at the next position of the fiber's context. A callback's result
 * is not an operation and takes no position; a combinator gets the first of the positions it places its
 * participants at, and takes them itself.
 */
export function dispatch(op: Op<unknown>, fiber: Fiber, run: Run, position?: number): Step {
  // Undefined for a descriptor made by another copy of the library that predates the slot (a module the CLI loads
  // may bring its own copy).
  const yielded = op.yieldedIn as Op<unknown>["yieldedIn"] | undefined;
  if (yielded !== undefined && op.kind !== "callbackResult") {
    if (yielded.run === run) {
      fiber.value = new DurableUsageError(
        `${describeOp(op)} was yielded a second time; a descriptor stands for one operation: call ${op.kind}() again for another (yielding a callback's result twice is fine)`,
      );
      return THROW;
    }
    yielded.run = run;
  }
  return RUNNERS[op.kind](op, fiber, run, position ?? positionFor(op.kind, fiber));
}

function describeOp(op: Op<unknown>): string {
  return op.name === undefined ? `an unnamed ${op.kind} descriptor` : `the ${op.kind} descriptor "${op.name}"`;
}

function positionFor(kind: OpKind, fiber: Fiber): number {
  if (kind === "callbackResult") return 0;
  // A patch point takes its position only when the history has its marker there or it records one.
  if (kind === "combinator" || kind === "patch") return fiber.scope.current + 1;
  return fiber.scope.next();
}
