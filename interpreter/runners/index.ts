import type { Op, OpKind } from "../../dsl/op";
import type { Fiber, Step } from "../fiber";
import type { Run } from "../run";
import { runCallbackResult, runCreateCallback } from "./callback";
import { runChild } from "./child";
import { runInvoke } from "./invoke";
import { runStep } from "./step";
import { runWait } from "./wait";
import { runWaitForCallback } from "./wait-for-callback";
import { runWaitForCondition } from "./wait-for-condition";

export type Runner = (op: Op<unknown>, fiber: Fiber, run: Run) => Step;

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
};

export function runnerFor(op: Op<unknown>): Runner {
  return RUNNERS[op.kind];
}
