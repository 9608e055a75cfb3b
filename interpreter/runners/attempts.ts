import type { StepContext } from "../../dsl/context";
import { toSeconds, type Duration } from "../../dsl/duration";
import { StepInterruptedError } from "../../dsl/errors";
import type { Serdes } from "../../dsl/serdes";
import { asError, errorObjectOf } from "../error-objects";
import { THROW, type AttemptSettled, type Done, type RunnerHost } from "../host";
import { readPayload } from "../payload";
import type { Scope } from "../scope";
import { updateBase, type UpdateBase } from "../updates";
import type { ErrorObject, Operation, OperationUpdate } from "../wire";

/** What differs between the operations that run attempts of user code: a step, a condition's polls. */
export interface AttemptKind<T> {
  readonly subType: "Step" | "WaitForCondition";
  /** The operation's name in messages ("step \"charge\""). */
  readonly what: string;
  readonly name: string | undefined;
  readonly serdes: Serdes<T>;
  /** at-most-once steps: START must be durable before the function runs, and a STARTED record is an interrupted attempt. */
  readonly startDurableFirst: boolean;
  readonly timeoutSeconds: number | undefined;
  readonly isStep: boolean;
  run(ctx: StepContext): T | Promise<T>;
  /** An attempt returned: the kind answers with `attempts.succeed`, `retry` or `fail`. */
  returned(value: T, attempts: Attempts<T>): void;
  /** An attempt threw (or was interrupted): the kind answers with `attempts.retry` or `fail`. */
  threw(error: Error, attempts: Attempts<T>): void;
  /** The error thrown into the workflow for a recorded failure. */
  failure(error: ErrorObject): Error;
}

/**
 * The attempt machinery of STEP operations: START, the user function as a tracked task, then SUCCEED, RETRY with
 * the next delay (the service re-invokes when it has passed), or FAIL. The fiber goes on only once the outcome is
 * durable, so a step's result is durable before the next step's function starts.
 */
export class Attempts<T> implements AttemptSettled<T> {
  /** The number of the attempt running or next to run: the service counts finished attempts in StepDetails.Attempt. */
  attempt: number;
  private started: boolean;
  private readonly base: UpdateBase;

  constructor(
    private readonly kind: AttemptKind<T>,
    private readonly id: string,
    private readonly scope: Scope,
    private readonly host: RunnerHost,
    private readonly done: Done,
    recorded: Operation | undefined,
  ) {
    this.attempt = (recorded?.StepDetails?.Attempt ?? 0) + 1;
    this.started = recorded?.Status === "STARTED";
    this.base = updateBase(id, scope.contextId, kind.name, "STEP", kind.subType);
  }

  /** Starts the next attempt: at once, unless the history says it waits for its retry delay (PENDING). */
  begin(recorded: Operation | undefined): void {
    if (this.started && this.kind.startDurableFirst) {
      this.started = false;
      // START was durable but no outcome was: the process died during that attempt.
      this.kind.threw(new StepInterruptedError(this.kind.name ?? this.id, this.attempt), this);
      return;
    }
    if (recorded?.Status === "PENDING") this.afterRetryDelay();
    else this.start();
  }

  /** Records the outcome; the workflow receives `payload` as it reads back (what a replay would give). */
  succeed(payload: string | undefined): void {
    this.record(payload === undefined ? { ...this.base, Action: "SUCCEED" } : { ...this.base, Action: "SUCCEED", Payload: payload });
    this.host.whenDurable(() => readPayload(this.kind.serdes, payload, this.kind.subType, this.kind.name, this.done, this.host));
  }

  /** Records a RETRY after `delay` (whole seconds, at least 1), with the attempt's error or the state to carry. */
  retry(delay: Duration, carried: { readonly Error?: ErrorObject; readonly Payload?: string }): void {
    let seconds: number;
    try {
      seconds = Math.max(1, toSeconds(delay, `the ${this.kind.isStep ? "retry" : "wait"} strategy of ${this.kind.what} returned a delay that`));
    } catch (error) {
      this.failWith(error);
      return;
    }
    this.record({ ...this.base, ...carried, Action: "RETRY", StepOptions: { NextAttemptDelaySeconds: seconds } });
    this.attempt++;
    this.host.whenDurable(() => this.afterRetryDelay());
  }

  fail(error: ErrorObject): void {
    this.record({ ...this.base, Action: "FAIL", Error: error });
    const thrown = this.kind.failure(error);
    this.host.whenDurable(() => this.done(THROW, thrown));
  }

  /** Fails with something thrown by the operation's own machinery (a strategy, a serdes). */
  failWith(thrown: unknown): void {
    this.fail(errorObjectOf(thrown));
  }

  private start(): void {
    const sendStart = !this.started;
    this.started = false;
    if (sendStart) this.record({ ...this.base, Action: "START" });
    if (this.kind.startDurableFirst && sendStart) this.host.whenDurable(() => this.execute());
    else this.execute();
  }

  /** The running attempt returned (AttemptSettled, told by the host). */
  returned(value: T): void {
    this.kind.returned(value, this);
  }

  /** The running attempt threw (AttemptSettled, told by the host). */
  threw(error: unknown): void {
    this.kind.threw(asError(error), this);
  }

  private execute(): void {
    const fields = { operationId: this.id, operationName: this.kind.name, attempt: this.attempt };
    this.host.attempt((ctx) => this.kind.run(ctx), fields, this.kind.timeoutSeconds, this.kind.isStep, this);
  }

  /** Waits until the service reports the operation READY (its retry delay has passed); the run may suspend meanwhile. */
  private afterRetryDelay(): void {
    this.host.watch(this.id, (operation) => {
      if (operation.Status === "READY") this.start();
      else this.afterRetryDelay();
    });
  }

  private record(update: OperationUpdate): void {
    this.host.record(this.scope, update);
  }
}
