import type { StepContext } from "../../dsl/context";
import type { WaitForConditionOp } from "../../dsl/condition";
import { ConditionFailedError } from "../../dsl/errors";
import { detailsOf } from "../error-objects";
import { THROW, MISMATCH, type Runner } from "../host";
import { InvocationError } from "../invocation-error";
import { payloadFailure, readPayload, serializePayload } from "../payload";
import { LIMITS, type ErrorObject } from "../wire";
import { Attempts, type AttemptKind } from "./attempts";

/**
 * STEP/WaitForCondition: each poll is an attempt (START, then the check, attempts.ts); the state it returns is
 * checkpointed with RETRY and the strategy's delay, or with SUCCEED when the strategy stops. A check or strategy
 * that throws fails the operation at once.
 */
export const runWaitForCondition: Runner<WaitForConditionOp<unknown>> = (op, scope, position, host, done) => {
  const recorded = host.recorded(scope, position, "STEP", "WaitForCondition", op.name);
  if (recorded === MISMATCH) return;
  if (recorded?.Status === "SUCCEEDED") {
    host.replayed();
    readPayload(op.serdes, recorded.StepDetails?.Result, "waitForCondition", op.name, done, host);
    return;
  }
  if (recorded?.Status === "FAILED") {
    host.replayed();
    done(THROW, new ConditionFailedError(op.name, detailsOf(recorded.StepDetails?.Error, "the condition failed")));
    return;
  }
  if (!host.mayRunNew(scope, position, recorded, "STEP", "WaitForCondition", op.name)) return;
  const kind = new ConditionKind(op, op.initialState);
  const recordedState = recorded?.StepDetails?.Result;
  if (recordedState !== undefined) {
    // The state the last poll of an earlier invocation recorded (RETRY carries it as the payload).
    try {
      kind.state = op.serdes.deserialize(recordedState);
    } catch (error) {
      host.failInvocation(new InvocationError(`the recorded state of waitForCondition "${op.name}" cannot be deserialized: ${(error as Error)?.message ?? String(error)}`, error));
      return;
    }
  }
  new Attempts(kind, scope.idAt(position), scope, host, done, recorded).begin(recorded);
};

class ConditionKind implements AttemptKind<unknown> {
  readonly subType = "WaitForCondition";
  readonly isStep = false;
  readonly startDurableFirst = false;
  readonly timeoutSeconds = undefined;
  readonly what: string;
  readonly name: string;
  readonly serdes: WaitForConditionOp<unknown>["serdes"];

  constructor(
    private readonly op: WaitForConditionOp<unknown>,
    public state: unknown,
  ) {
    this.name = op.name;
    this.what = `waitForCondition "${op.name}"`;
    this.serdes = op.serdes;
  }

  run(ctx: StepContext): unknown {
    return this.op.check(this.state, ctx);
  }

  returned(state: unknown, attempts: Attempts<unknown>): void {
    let payload: string | undefined;
    try {
      payload = serializePayload(this.op.serdes, state, `the check of ${this.what}`, LIMITS.operationPayloadBytes);
    } catch (error) {
      attempts.fail(payloadFailure(error));
      return;
    }
    let decision;
    try {
      // The strategy sees the state as it reads back, as the next invocation will.
      this.state = this.op.serdes.deserialize(payload);
      decision = this.op.strategy(this.state, attempts.attempt);
    } catch (error) {
      attempts.failWith(error);
      return;
    }
    if (!decision.continue) attempts.succeed(payload);
    else attempts.retry(decision.delay, payload === undefined ? {} : { Payload: payload });
  }

  threw(error: Error, attempts: Attempts<unknown>): void {
    attempts.failWith(error);
  }

  failure(error: ErrorObject): Error {
    return new ConditionFailedError(this.op.name, detailsOf(error, "the condition failed"));
  }
}
