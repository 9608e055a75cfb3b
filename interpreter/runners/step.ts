import type { StepContext } from "../../dsl/context";
import { StepFailedError } from "../../dsl/errors";
import type { StepOp } from "../../dsl/step";
import { detailsOf, errorObjectOf } from "../error-objects";
import { THROW, MISMATCH, type Runner } from "../host";
import { payloadFailure, readPayload, serializePayload } from "../payload";
import { LIMITS, type ErrorObject } from "../wire";
import { Attempts, type AttemptKind } from "./attempts";

/**
 * STEP/Step. Replay returns the recorded result or throws the recorded error. A new attempt checkpoints START
 * (awaited first for at-most-once, sent along with the outcome for at-least-once), then SUCCEED, FAIL, or RETRY
 * with the next delay (attempts.ts).
 */
export const runStep: Runner<StepOp<unknown>> = (op, scope, position, host, done) => {
  const recorded = host.recorded(scope, position, "STEP", "Step", op.name);
  if (recorded === MISMATCH) return;
  if (recorded?.Status === "SUCCEEDED") {
    host.replayed();
    readPayload(op.serdes, recorded.StepDetails?.Result, "step", op.name, done, host);
    return;
  }
  const id = scope.idAt(position);
  if (recorded?.Status === "FAILED") {
    host.replayed();
    done(THROW, new StepFailedError(op.name ?? id, detailsOf(recorded.StepDetails?.Error, "step failed")));
    return;
  }
  if (!host.mayRunNew(scope, position, recorded, "STEP", "Step", op.name)) return;
  const what = op.name === undefined ? `step ${scope.pathAt(position)}` : `step "${op.name}"`;
  new Attempts(new StepKind(op, id, what), id, scope, host, done, recorded).begin(recorded);
};

class StepKind implements AttemptKind<unknown> {
  readonly subType = "Step";
  readonly isStep = true;
  readonly name: string | undefined;
  readonly serdes: StepOp<unknown>["serdes"];
  readonly startDurableFirst: boolean;
  readonly timeoutSeconds: number | undefined;

  constructor(
    private readonly op: StepOp<unknown>,
    private readonly id: string,
    readonly what: string,
  ) {
    this.name = op.name;
    this.serdes = op.serdes;
    this.startDurableFirst = op.semantics === "at-most-once";
    this.timeoutSeconds = op.timeoutSeconds;
  }

  run(ctx: StepContext): unknown {
    return this.op.fn(ctx);
  }

  returned(value: unknown, attempts: Attempts<unknown>): void {
    let payload: string | undefined;
    try {
      payload = serializePayload(this.op.serdes, value, this.what, LIMITS.operationPayloadBytes);
    } catch (error) {
      // The payload rule (payload.ts); retrying cannot make the same result fit, so the step fails for good.
      attempts.fail(payloadFailure(error));
      return;
    }
    attempts.succeed(payload);
  }

  threw(error: Error, attempts: Attempts<unknown>): void {
    let decision;
    try {
      decision = this.op.retry(error, attempts.attempt);
    } catch (strategyError) {
      attempts.failWith(strategyError);
      return;
    }
    if (decision.retry) attempts.retry(decision.delay, { Error: errorObjectOf(error) });
    else attempts.fail(errorObjectOf(error));
  }

  failure(error: ErrorObject): Error {
    return new StepFailedError(this.op.name ?? this.id, detailsOf(error, "step failed"));
  }
}
