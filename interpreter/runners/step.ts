import type { StepOp } from "../../dsl/step";
import { StepFailedError, StepInterruptedError } from "../../dsl/errors";
import { toSeconds } from "../../dsl/duration";
import type { RetryDecision } from "../../dsl/retry";
import { asError, detailsOf, errorObjectOf } from "../error-objects";
import { BLOCKED, THROW, type Fiber, type Step } from "../fiber";
import { PayloadError, serializePayload } from "../payload";
import { MISMATCH, type Run } from "../run";
import { LIMITS, type ErrorObject, type Operation } from "../wire";
import { updateBase, type UpdateBase } from "../updates";
import { awaitRetryTimer, nextAttempt, runAttempt, whenRecordedReady } from "./attempts";

/**
 * STEP/Step. Replay returns the recorded result or throws the recorded error. A new attempt checkpoints START
 * (awaited first for at-most-once, sent along with the outcome for at-least-once), then SUCCEED, FAIL, or RETRY
 * with the next delay; the fiber continues only once the outcome is durable.
 */
export function runStep(op: StepOp<unknown>, fiber: Fiber, run: Run, position: number): Step {
  const id = fiber.scope.idAt(position);
  const recorded = run.recorded(fiber.scope, position, id, "STEP", "Step", op.name);
  if (recorded === MISMATCH) return BLOCKED;
  if (recorded !== undefined) {
    if (recorded.Status === "SUCCEEDED") {
      run.replayedOne();
      return run.continueWith(fiber, op.serdes, recorded.StepDetails?.Result, "step", op.name);
    }
    if (recorded.Status === "FAILED") {
      run.replayedOne();
      fiber.value = new StepFailedError(op.name ?? id, detailsOf(recorded.StepDetails?.Error, "step failed"));
      return THROW;
    }
  }
  if (!run.goLive(fiber.scope, position, recorded, "STEP", "Step", op.name)) return BLOCKED;
  new StepAttempts(op, fiber, run, id, describeStep(op, fiber, position), recorded).begin(recorded);
  return BLOCKED;
}

function describeStep(op: StepOp<unknown>, fiber: Fiber, position: number): string {
  return op.name === undefined ? `step ${fiber.scope.pathAt(position)}` : `step "${op.name}"`;
}

class StepAttempts {
  private attempt: number;
  private started: boolean;
  private readonly base: UpdateBase;

  constructor(
    private readonly op: StepOp<unknown>,
    private readonly fiber: Fiber,
    private readonly run: Run,
    private readonly id: string,
    private readonly what: string,
    recorded: Operation | undefined,
  ) {
    this.attempt = nextAttempt(recorded);
    this.started = recorded?.Status === "STARTED";
    this.base = updateBase(id, fiber.scope.contextId, op.name, "STEP", "Step");
  }

  begin(recorded: Operation | undefined): void {
    if (this.started && this.op.semantics === "at-most-once") {
      // START was durable but no outcome was: the process died during that attempt.
      this.started = false;
      this.failed(new StepInterruptedError(this.op.name ?? this.id, this.attempt));
      return;
    }
    whenRecordedReady(this.run, recorded, () => this.startAttempt());
  }

  private startAttempt(): void {
    const sendStart = !this.started;
    this.started = false;
    if (sendStart) this.run.enqueue(this.fiber.scope, { ...this.base, Action: "START" });
    if (this.op.semantics === "at-most-once" && sendStart) this.run.whenDurable(() => this.execute());
    else this.execute();
  }

  private execute(): void {
    const fields = { operationId: this.id, operationName: this.op.name, attempt: this.attempt };
    runAttempt(this.run, this.run.stepFunction(this.op.name, this.op.fn), fields, this.op.timeoutSeconds).then(
      (value) => this.succeeded(value),
      (error: unknown) => this.failed(asError(error)),
    );
  }

  private succeeded(value: unknown): void {
    let payload: string | undefined;
    try {
      payload = serializePayload(this.op.serdes, value, this.what, LIMITS.operationPayloadBytes);
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      // Retrying cannot make the same result fit: the step fails for good, with the reason recorded.
      this.fail(errorObjectOf(error));
      return;
    }
    this.run.enqueue(this.fiber.scope, payload === undefined ? { ...this.base, Action: "SUCCEED" } : { ...this.base, Action: "SUCCEED", Payload: payload });
    this.run.whenDurable(() => this.run.settle(this.fiber, this.run.continueWith(this.fiber, this.op.serdes, payload, "step", this.op.name)));
  }

  private failed(error: Error): void {
    let decision: RetryDecision;
    try {
      decision = this.op.retry(error, this.attempt);
    } catch (strategyError) {
      this.fail(errorObjectOf(strategyError));
      return;
    }
    if (!decision.retry) {
      this.fail(errorObjectOf(error));
      return;
    }
    let delay: number;
    try {
      delay = Math.max(1, toSeconds(decision.delay, `the retry strategy of ${this.what} returned a delay that`));
    } catch (delayError) {
      this.fail(errorObjectOf(delayError));
      return;
    }
    this.run.enqueue(this.fiber.scope, { ...this.base, Action: "RETRY", Error: errorObjectOf(error), StepOptions: { NextAttemptDelaySeconds: delay } });
    this.attempt++;
    this.run.whenDurable(() => awaitRetryTimer(this.run, this.id, () => this.startAttempt()));
  }

  private fail(error: ErrorObject): void {
    this.run.enqueue(this.fiber.scope, { ...this.base, Action: "FAIL", Error: error });
    const thrown = new StepFailedError(this.op.name ?? this.id, detailsOf(error, "step failed"));
    this.run.whenDurable(() => this.run.resume(this.fiber, THROW, thrown));
  }
}


