import type { BatchOp } from "../../dsl/batch";
import type { CallbackResultOp, CreateCallbackOp } from "../../dsl/callback";
import type { ChildOp } from "../../dsl/child";
import type { CombinatorOp } from "../../dsl/combinators";
import type { WaitForConditionOp } from "../../dsl/condition";
import type { InvokeOp } from "../../dsl/invoke";
import type { PatchOp } from "../../dsl/patch";
import type { Op, OpKind } from "../../dsl/op";
import type { StepOp } from "../../dsl/step";
import type { WaitForCallbackOp } from "../../dsl/wait-for-callback";
import type { WaitOp } from "../../dsl/wait";
import type { Runner } from "../host";
import type { Scope } from "../scope";
import { runBatch } from "./batch";
import { runCallbackResult, runCreateCallback } from "./callback";
import { runChild } from "./child";
import { runCombinator } from "./combinator";
import { runInvoke } from "./invoke";
import { runPatch } from "./patch";
import { runStep } from "./step";
import { runWait } from "./wait";
import { runWaitForCallback } from "./wait-for-callback";
import { runWaitForCondition } from "./wait-for-condition";

/** The descriptor class of each kind. A new kind (a `patched` marker, say) is one line here and one in RUNNERS. */
interface OpsByKind {
  step: StepOp<unknown>;
  wait: WaitOp;
  invoke: InvokeOp<unknown>;
  createCallback: CreateCallbackOp<unknown>;
  callbackResult: CallbackResultOp<unknown>;
  waitForCallback: WaitForCallbackOp<unknown>;
  waitForCondition: WaitForConditionOp<unknown>;
  child: ChildOp<unknown>;
  batch: BatchOp<unknown>;
  combinator: CombinatorOp<unknown>;
  patch: PatchOp<boolean | void>;
}

/** One runner per descriptor kind. */
const RUNNERS: { readonly [K in OpKind]: Runner<OpsByKind[K]> } = {
  step: runStep,
  wait: runWait,
  invoke: runInvoke,
  createCallback: runCreateCallback,
  callbackResult: runCallbackResult,
  waitForCallback: runWaitForCallback,
  waitForCondition: runWaitForCondition,
  child: runChild,
  batch: runBatch,
  combinator: runCombinator,
  patch: runPatch,
};

/**
 * The runner of `op`. The one cast: each descriptor class carries its kind (`StepOp.kind` is "step"), which the
 * type system cannot correlate with the table's entry.
 */
export function runnerFor(op: Op<unknown>): Runner<Op<unknown>> {
  return RUNNERS[op.kind] as Runner<Op<unknown>>;
}

/**
 * The position `op` takes in its context when yielded: the next one; none for a callback's result (not an
 * operation); a combinator gets the first of the positions it places its participants at, and takes them itself.
 */
export function positionFor(op: Op<unknown>, scope: Scope): number {
  if (op.kind === "callbackResult") return 0;
  // A patch point takes its position only when the history has its marker there or it records one.
  if (op.kind === "combinator" || op.kind === "patch") return scope.current + 1;
  return scope.next();
}
