import type { OpGenerator } from "../../dsl/op";
import type { Serdes } from "../../dsl/serdes";
import type { ErrorDetails } from "../../dsl/errors";
import { DurableUsageError } from "../../dsl/errors";
import { describe } from "../../dsl/duration";
import { detailsOf, errorObjectOf } from "../error-objects";
import { BLOCKED, isGenerator, THROW, type Fiber, type Resumption, type Step } from "../fiber";
import { PayloadError, serializePayload, utf8Length } from "../payload";
import { MISMATCH, type Run } from "../run";
import { updateBase, type UpdateBase } from "../updates";
import { LIMITS, type OperationUpdate } from "../wire";

/** What a CONTEXT operation runs: a child, or the fixed body of a composite such as waitForCallback. */
export interface ContextSpec<T> {
  readonly name: string;
  readonly subType: string;
  readonly serdes: Serdes<T>;
  readonly body: () => OpGenerator<T>;
  /** The error the parent receives when the context failed, rebuilt from what was recorded. */
  readonly failure: (details: ErrorDetails) => Error;
}

/**
 * CONTEXT: a recorded outcome is returned without running the body (unless the result was too large to record,
 * ReplayChildren); otherwise the body runs as a fiber of its own whose operations are numbered inside the context,
 * and its outcome is checkpointed as SUCCEED or FAIL.
 */
export function runContext<T>(spec: ContextSpec<T>, fiber: Fiber, run: Run, position: number): Step {
  const id = fiber.scope.idAt(position);
  const recorded = run.recorded(fiber.scope, position, id, "CONTEXT", spec.subType, spec.name);
  if (recorded === MISMATCH) return BLOCKED;
  if (recorded?.Status === "SUCCEEDED" && recorded.ContextDetails?.ReplayChildren !== true) {
    run.replayedOne();
    run.skipRecordedChildren(id);
    return run.continueWith(fiber, spec.serdes, recorded.ContextDetails?.Result, spec.subType, spec.name);
  }
  if (recorded?.Status === "FAILED") {
    run.replayedOne();
    run.skipRecordedChildren(id);
    fiber.value = spec.failure(detailsOf(recorded.ContextDetails?.Error, "the context failed"));
    return THROW;
  }
  const what = `${spec.subType} context "${spec.name}"`;
  const base = updateBase(id, fiber.scope.contextId, spec.name, "CONTEXT", spec.subType);
  const completed = recorded?.Status === "SUCCEEDED";
  if (recorded === undefined) run.enqueue(fiber.scope, { ...base, Action: "START" });

  let body: unknown;
  try {
    body = spec.body();
  } catch (error) {
    fiber.value = error;
    return THROW;
  }
  if (!isGenerator(body)) {
    fiber.value = new DurableUsageError(`the body of ${what} must be a generator function (function*), it returned ${describe(body)}`);
    return THROW;
  }
  run.startFiber(body, fiber.scope.childScope(position), (mode: Resumption, value: unknown) => {
    if (mode === THROW) {
      const error = errorObjectOf(value);
      if (!completed) run.enqueue(fiber.scope, { ...base, Action: "FAIL", Error: error });
      run.resume(fiber, THROW, spec.failure(detailsOf(error, "the context failed")));
      return;
    }
    let payload: string | undefined;
    try {
      payload = serializePayload(spec.serdes, value as T, `the body of ${what}`, Number.POSITIVE_INFINITY);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      const failure = errorObjectOf(error);
      if (!completed) run.enqueue(fiber.scope, { ...base, Action: "FAIL", Error: failure });
      run.resume(fiber, THROW, spec.failure(detailsOf(failure, "the context failed")));
      return;
    }
    if (!completed) run.enqueue(fiber.scope, contextSucceeded(base, payload));
    run.settle(fiber, run.continueWith(fiber, spec.serdes, payload, spec.subType, spec.name));
  });
  return BLOCKED;
}

/**
 * A result over the per-operation limit is not recorded: the CONTEXT is marked ReplayChildren, and a replay
 * rebuilds the result by running the body again over its recorded children.
 */
export function contextSucceeded(base: UpdateBase, payload: string | undefined): OperationUpdate {
  if (payload !== undefined && payload.length * 3 > LIMITS.operationPayloadBytes && utf8Length(payload) > LIMITS.operationPayloadBytes) {
    return { ...base, Action: "SUCCEED", Payload: "", ContextOptions: { ReplayChildren: true } };
  }
  return payload === undefined ? { ...base, Action: "SUCCEED" } : { ...base, Action: "SUCCEED", Payload: payload };
}
