import type { WaitForConditionOp } from "../../dsl/condition";
import { ConditionFailedError } from "../../dsl/errors";
import { toSeconds } from "../../dsl/duration";
import { asError, detailsOf, errorObjectOf } from "../error-objects";
import { BLOCKED, NEXT, THROW, type Fiber, type Step } from "../fiber";
import { serializePayload } from "../payload";
import { MISMATCH, type Run } from "../run";
import { updateBase, type UpdateBase } from "../updates";
import { LIMITS, type ErrorObject, type Operation } from "../wire";
import { awaitRetryTimer, nextAttempt, runAttempt, whenRecordedReady } from "./attempts";

/**
 * STEP/WaitForCondition: each poll is an attempt (START, then the check); the state it returns is checkpointed
 * with RETRY and the strategy's delay, or with SUCCEED when the strategy stops. A check or strategy that throws
 * fails the operation at once.
 */
export function runWaitForCondition(op: WaitForConditionOp<unknown>, fiber: Fiber, run: Run, position: number): Step {
  const id = fiber.scope.idAt(position);
  const recorded = run.recorded(fiber.scope, position, id, "STEP", "WaitForCondition", op.name);
  if (recorded === MISMATCH) return BLOCKED;
  if (recorded?.Status === "SUCCEEDED") {
    run.replayedOne();
    return run.continueWith(fiber, op.serdes, recorded.StepDetails?.Result, "waitForCondition", op.name);
  }
  if (recorded?.Status === "FAILED") {
    run.replayedOne();
    fiber.value = new ConditionFailedError(op.name, detailsOf(recorded.StepDetails?.Error, "the condition failed"));
    return THROW;
  }
  if (!run.goLive(fiber.scope, position, recorded, "STEP", "WaitForCondition", op.name)) return BLOCKED;
  const what = `waitForCondition "${op.name}"`;
  let state = op.initialState;
  const recordedState = recorded?.StepDetails?.Result;
  if (recordedState !== undefined) {
    // The state the last poll of an earlier invocation recorded (RETRY carries it as the payload).
    if (run.continueWith(fiber, op.serdes, recordedState, "waitForCondition (its recorded state)", op.name) === BLOCKED) return BLOCKED;
    state = fiber.value;
  }
  const polls = new Polls(op, fiber, run, id, what, recorded, state);
  whenRecordedReady(run, recorded, () => polls.poll());
  return BLOCKED;
}

class Polls {
  private attempt: number;
  private started: boolean;
  private readonly base: UpdateBase;

  constructor(
    private readonly op: WaitForConditionOp<unknown>,
    private readonly fiber: Fiber,
    private readonly run: Run,
    private readonly id: string,
    private readonly what: string,
    recorded: Operation | undefined,
    private state: unknown,
  ) {
    this.attempt = nextAttempt(recorded);
    this.started = recorded?.Status === "STARTED";
    this.base = updateBase(id, fiber.scope.contextId, op.name, "STEP", "WaitForCondition");
  }

  poll(): void {
    if (!this.started) this.run.enqueue(this.fiber.scope, { ...this.base, Action: "START" });
    this.started = false;
    const fields = { operationId: this.id, operationName: this.op.name, attempt: this.attempt };
    runAttempt(this.run, (ctx) => this.op.check(this.state, ctx), fields, undefined).then(
      (state) => this.checked(state),
      (error: unknown) => this.fail(errorObjectOf(asError(error))),
    );
  }

  private checked(state: unknown): void {
    let payload: string | undefined;
    let decision: ReturnType<WaitForConditionOp<unknown>["strategy"]>;
    let delay = 0;
    try {
      payload = serializePayload(this.op.serdes, state, `the check of ${this.what}`, LIMITS.operationPayloadBytes);
      this.state = this.op.serdes.deserialize(payload);
      decision = this.op.strategy(this.state, this.attempt);
      if (decision.continue) delay = Math.max(1, toSeconds(decision.delay, `the wait strategy of ${this.what} returned a delay that`));
    } catch (error) {
      this.fail(errorObjectOf(error));
      return;
    }
    if (!decision.continue) {
      this.run.enqueue(this.fiber.scope, payload === undefined ? { ...this.base, Action: "SUCCEED" } : { ...this.base, Action: "SUCCEED", Payload: payload });
      const result = this.state;
      this.run.whenDurable(() => this.run.resume(this.fiber, NEXT, result));
      return;
    }
    const retry = { ...this.base, Action: "RETRY" as const, StepOptions: { NextAttemptDelaySeconds: delay } };
    this.run.enqueue(this.fiber.scope, payload === undefined ? retry : { ...retry, Payload: payload });
    this.attempt++;
    this.run.whenDurable(() => awaitRetryTimer(this.run, this.id, () => this.poll()));
  }

  private fail(error: ErrorObject): void {
    this.run.enqueue(this.fiber.scope, { ...this.base, Action: "FAIL", Error: error });
    const thrown = new ConditionFailedError(this.op.name, detailsOf(error, "the condition failed"));
    this.run.whenDurable(() => this.run.resume(this.fiber, THROW, thrown));
  }
}
