import type { Logger, StepContext } from "../dsl/context";
import { DurableUsageError, NonDeterminismError, type Divergence } from "../dsl/errors";
import { isOp } from "../dsl/op";
import type { Workflow } from "../dsl/workflow";
import { describe } from "../dsl/duration";
import type { Serdes } from "../dsl/serdes";
import { CheckpointBatcher, type CheckpointStats } from "./batcher";
import { errorObjectOf } from "./error-objects";
import { BLOCKED, Fiber, isGenerator, NEXT, THROW, type Resumption, type Step } from "./fiber";
import { label, mismatchError } from "./divergence";
import { pathOfId } from "./ids";
import { createLogger } from "./logger";
import { utf8Length } from "./payload";
import type { DurablePort, LogSink, Timers } from "./port";
import { ReplayProbe, type Frontier } from "./replay-probe";
import { BuiltDescriptors } from "./unyielded";
import { dispatch } from "./runners";
import { Scope } from "./scope";
import type { HistorySnapshot } from "./snapshot";
import { LIMITS, type ErrorObject, type Operation, type OperationType, type OperationUpdate } from "./wire";

export type RunOutcome =
  | { readonly status: "SUCCEEDED"; readonly result: string | undefined }
  | { readonly status: "FAILED"; readonly error: ErrorObject }
  | { readonly status: "PENDING" };

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly checkpoints: CheckpointStats;
  /** Operations whose recorded outcome was returned from history. */
  readonly replayed: number;
  /** Where the code parted ways with the history, when the outcome is a NonDeterminismError. */
  readonly divergence?: Divergence;
  /** Replay-only runs: where the replay stopped (undefined when the workflow ended). */
  readonly replay?: { readonly frontier: Frontier | undefined };
}

export interface RunOptions {
  readonly executionArn: string;
  readonly checkpointToken: string;
  readonly snapshot: HistorySnapshot;
  readonly port: DurablePort;
  readonly log?: LogSink;
  readonly timers?: Timers;
  /**
   * Replays without running anything new: no step function, condition check or callback submitter runs, and the
   * run stops (PENDING) at the first operation the history does not have, which the result reports. Recorded
   * operations listed in `unreadable` (payloads the service truncated) stop the replay with that reason.
   */
  readonly replayOnly?: { readonly unreadable?: ReadonlyMap<string, string> };
  /** Replaces step functions by step name, for unit tests of workflows (runLocal's `mocks`). */
  readonly stepMocks?: Readonly<Record<string, StepMock>>;
}

export type StepMock = (ctx: StepContext) => unknown;

/**
 * A failure of the invocation rather than of the execution (a checkpoint call that failed, a recorded payload
 * that cannot be read): the handler rethrows it so Lambda retries the invocation; nothing recorded is lost.
 */
export class InvocationError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = "InvocationError";
  }
}

/** Marks a recorded operation that does not match the code; the run is already failing. */
export const MISMATCH = Symbol("mismatch");

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

export function isTerminal(operation: Operation): boolean {
  return TERMINAL.has(operation.Status);
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const defaultSink: LogSink = (line) => console.log(line);

/**
 * One invocation of a workflow: replays what the snapshot records, runs what is new, checkpoints it, and ends
 * when the workflow returns or throws, or when every fiber waits on the service (PENDING).
 *
 * Replaying a recorded operation is synchronous: runners answer from the snapshot and the fiber goes on in the
 * same loop. Only new work (a step function, a checkpoint call) makes the run wait on a promise.
 */
export class Run {
  snapshot: HistorySnapshot;
  readonly batcher: CheckpointBatcher;
  readonly executionArn: string;
  readonly timers: Timers;
  readonly sink: LogSink;
  /** Recorded operations the workflow has not reached yet; while there are any, it is replaying. */
  private unvisited: number;
  replayed = 0;

  private readonly ready: Fiber[] = [];
  private runningTasks = 0;
  private readonly watchers = new Map<string, (operation: Operation) => void>();
  private durableWaiters: { seq: number; then: () => void }[] = [];
  private executionFailure: Error | undefined;
  private invocationFailure: unknown;
  private rootOutcome: RunOutcome | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private workflowLoggerInstance: Logger | undefined;
  private readonly probe: ReplayProbe | undefined;
  private readonly stepMocks: ReadonlyMap<string, StepMock> | undefined;
  private readonly built = new BuiltDescriptors();

  constructor(options: RunOptions) {
    this.snapshot = options.snapshot;
    this.unvisited = options.snapshot.recordedWorkflowOperations;
    this.executionArn = options.executionArn;
    this.timers = options.timers ?? defaultTimers;
    this.sink = options.log ?? defaultSink;
    if (options.stepMocks !== undefined) this.stepMocks = new Map(Object.entries(options.stepMocks));
    if (options.replayOnly !== undefined) this.probe = new ReplayProbe(options.replayOnly.unreadable ?? new Map());
    this.batcher = new CheckpointBatcher(options.port, options.checkpointToken, {
      changed: (operations) => this.merge(operations),
      durable: () => this.releaseDurableWaiters(),
    });
  }

  get workflowLogger(): Logger {
    return (this.workflowLoggerInstance ??= createLogger(this.sink, { executionArn: this.executionArn }, () => this.unvisited > 0));
  }

  async execute<I, O>(workflow: Workflow<I, O>, input: I): Promise<RunResult> {
    this.startRoot(workflow, input);
    for (;;) {
      this.drain();
      if (this.ended) break;
      if (this.batcher.queued && !this.batcher.busy) {
        // Give step functions that are about to settle one macrotask, so that a fast step's START and SUCCEED
        // share one checkpoint call.
        if (this.runningTasks > 0) await nextMacrotask();
        this.drain();
        if (this.ended) break;
        this.send();
      }
      if (!this.batcher.busy && !this.batcher.queued && this.runningTasks === 0) {
        if (this.ready.length === 0) break;
        continue;
      }
      await this.nextWake();
    }
    return this.finish();
  }

  private get ended(): boolean {
    return this.rootOutcome !== undefined || this.executionFailure !== undefined || this.invocationFailure !== undefined;
  }

  private startRoot<I, O>(workflow: Workflow<I, O>, input: I): void {
    const context = Object.freeze({ executionArn: this.executionArn, logger: this.workflowLogger });
    let generator: Generator<unknown, unknown, unknown>;
    try {
      generator = workflow.body(input, context);
    } catch (error) {
      this.rootOutcome = { status: "FAILED", error: errorObjectOf(error) };
      return;
    }
    if (!isGenerator(generator)) {
      this.failExecution(new DurableUsageError(`workflow "${workflow.name}" must be a generator function (function*), its body returned ${describe(generator)}`));
      return;
    }
    this.startFiber(generator, new Scope("", undefined), (mode, value) => this.endRoot(mode, value));
  }

  private endRoot(mode: Resumption, value: unknown): void {
    if (mode === THROW) {
      this.rootOutcome = { status: "FAILED", error: errorObjectOf(value) };
      return;
    }
    let result: string | undefined;
    try {
      result = value === undefined ? undefined : JSON.stringify(value);
    } catch (error) {
      this.rootOutcome = { status: "FAILED", error: { ErrorType: "SerializationError", ErrorMessage: `the workflow's result cannot be serialized as JSON: ${(error as Error).message}` } };
      return;
    }
    if (result === undefined && value !== undefined) {
      this.rootOutcome = { status: "FAILED", error: { ErrorType: "SerializationError", ErrorMessage: `the workflow returned ${describe(value)}, which JSON cannot represent` } };
      return;
    }
    if (result !== undefined && utf8Length(result) > LIMITS.invocationResultBytes) {
      // Lambda cannot return more than 6 MB: the result goes to the service as the EXECUTION's outcome instead.
      const execution = this.snapshot.execution();
      if (execution === undefined) {
        this.failInvocation(new InvocationError("the history has no EXECUTION operation to record the large result on"));
        return;
      }
      this.batcher.enqueue({ Id: execution.Id, Type: "EXECUTION", Action: "SUCCEED", Payload: result });
      this.rootOutcome = { status: "SUCCEEDED", result: "" };
      return;
    }
    this.rootOutcome = { status: "SUCCEEDED", result };
  }

  private async finish(): Promise<RunResult> {
    if (this.invocationFailure === undefined) {
      try {
        while ((this.batcher.queued || this.batcher.busy) && this.invocationFailure === undefined) {
          if (!this.batcher.busy) await this.batcher.sendNext();
          else await this.nextWake();
        }
      } catch (error) {
        this.invocationFailure ??= error;
      }
    }
    if (this.invocationFailure !== undefined) throw this.invocationFailure;
    if (this.probe !== undefined && this.rootOutcome !== undefined && this.executionFailure === undefined) {
      const divergence = this.probe.unreached(this.snapshot.recordedOperations());
      if (divergence !== undefined) this.executionFailure = new NonDeterminismError(`the code no longer matches the recorded history: ${divergence.hint}.`, divergence);
    }
    // A finished workflow ran all of its code in this invocation: what it never yielded, it never will.
    if (this.rootOutcome !== undefined) {
      for (const warning of this.built.unyielded(this)) createLogger(this.sink, { executionArn: this.executionArn }, () => false).warn(warning);
    }
    const outcome: RunOutcome = this.executionFailure
      ? { status: "FAILED", error: errorObjectOf(this.executionFailure) }
      : this.rootOutcome ?? { status: "PENDING" };
    const result: { -readonly [K in keyof RunResult]: RunResult[K] } = { outcome, checkpoints: this.batcher.stats, replayed: this.replayed };
    if (this.executionFailure instanceof NonDeterminismError && this.executionFailure.divergence !== undefined) result.divergence = this.executionFailure.divergence;
    if (this.probe !== undefined) {
      if (outcome.status === "PENDING" && this.probe.frontier === undefined) {
        const awaited = this.watchers.keys().next();
        const operation = awaited.done ? undefined : this.snapshot.get(awaited.value);
        if (operation !== undefined) this.probe.stopAtRecorded(operation);
      }
      result.replay = { frontier: this.probe.frontier };
    }
    return result;
  }

  // ---- the scheduler ------------------------------------------------------------------------------------------

  startFiber(generator: Generator<unknown, unknown, unknown>, scope: Scope, onEnd: Fiber["onEnd"]): Fiber {
    const fiber = new Fiber(generator, scope, onEnd);
    this.ready.push(fiber);
    return fiber;
  }

  /** Continues a blocked fiber with `value` (NEXT) or by throwing it (THROW). */
  resume(fiber: Fiber, mode: Resumption, value: unknown): void {
    if (fiber.scope.cancellation.cancelled) return;
    fiber.blocked = false;
    fiber.mode = mode;
    fiber.value = value;
    this.ready.push(fiber);
    this.wake();
  }

  private drain(): void {
    while (this.ready.length > 0 && !this.ended) {
      const fiber = this.ready.shift()!;
      if (!fiber.scope.cancellation.cancelled) this.advance(fiber);
    }
  }

  private advance(fiber: Fiber): void {
    const generator = fiber.generator;
    let mode = fiber.mode;
    let value = fiber.value;
    for (;;) {
      let next: IteratorResult<unknown, unknown>;
      this.built.start(fiber.scope);
      try {
        next = mode === THROW ? generator.throw(value) : generator.next(value);
      } catch (error) {
        this.built.stop();
        fiber.onEnd(THROW, error);
        return;
      }
      this.built.stop();
      if (next.done) {
        fiber.onEnd(NEXT, next.value);
        return;
      }
      const step = this.dispatch(next.value, fiber);
      if (step === BLOCKED || this.ended) {
        fiber.blocked = true;
        return;
      }
      mode = step;
      value = fiber.value;
    }
  }

  private dispatch(yielded: unknown, fiber: Fiber): Step {
    if (!isOp(yielded)) {
      fiber.value = new DurableUsageError(
        `a workflow yielded ${describe(yielded)}, which is not an operation: yield the result of step(), wait(), child() and the like (use yield* to get typed results)`,
      );
      return THROW;
    }
    return dispatch(yielded, fiber, this);
  }

  // ---- what runners use ---------------------------------------------------------------------------------------

  /**
   * The recorded operation at this position, checked against what the code asks for now. Undefined when the
   * history has none (the operation is new); MISMATCH when the code no longer matches the history.
   */
  recorded(scope: Scope, position: number, id: string, type: OperationType, subType: string, name: string | undefined): Operation | undefined | typeof MISMATCH {
    const operation = this.snapshot.get(id);
    if (operation === undefined) return undefined;
    this.unvisited--;
    if (operation.Type !== type || operation.SubType !== subType || operation.Name !== name) {
      this.failExecution(mismatchError(this.snapshot, scope, position, operation, { type, subType, name }));
      return MISMATCH;
    }
    if (this.probe !== undefined) {
      this.probe.reached(id, scope.pathAt(position));
      const unreadable = this.probe.unreadable.get(id);
      if (unreadable !== undefined && isTerminal(operation)) {
        this.failInvocation(new InvocationError(`the replay needs the recorded result of ${label({ type, subType, name })} at ${scope.pathAt(position)}, but ${unreadable}`));
        return MISMATCH;
      }
    }
    return operation;
  }

  /** The function a new step attempt runs: the step's own, or the test's mock for its name. */
  stepFunction<T>(name: string | undefined, fn: (ctx: StepContext) => T | Promise<T>): (ctx: StepContext) => T | Promise<T> {
    const mock = name === undefined ? undefined : this.stepMocks?.get(name);
    return mock === undefined ? fn : (mock as (ctx: StepContext) => T | Promise<T>);
  }

  /** A recorded result was returned from history. */
  replayedOne(): void {
    this.replayed++;
  }

  /** A recorded operation the workflow passes over without running (a race's loser): it counts as reached. */
  skipRecorded(scope: Scope, position: number): void {
    const id = scope.idAt(position);
    if (this.snapshot.get(id) === undefined) return;
    this.unvisited--;
    this.probe?.reached(id, scope.pathAt(position));
    this.skipRecordedChildren(id);
  }

  /** A completed context was returned from history: the operations recorded inside it will not be reached. */
  skipRecordedChildren(contextId: string): void {
    this.unvisited -= this.snapshot.recordedDescendants(contextId);
    this.probe?.skipped(contextId);
  }

  /**
   * The workflow reached work that is not in the history, or recorded work still in progress: from here on its
   * logs are new. False in a replay-only run, which stops there: the runner must not start anything.
   */
  goLive(scope: Scope, position: number, recorded: Operation | undefined, type: OperationType, subType: string, name: string | undefined): boolean {
    if (this.probe !== undefined) {
      this.probe.stopAt({ path: scope.pathAt(position), id: scope.idAt(position), type, subType, name, status: recorded?.Status ?? "NEW" });
      return false;
    }
    this.unvisited = 0;
    return true;
  }

  /**
   * Deserializes a payload into `fiber.value` and continues the fiber with it. A payload that cannot be read
   * stops the invocation (the history is kept, and a fixed deployment can read it). `kind` and `name` name the
   * operation in that error; the message is only built then, as this is the replay hot path.
   */
  continueWith<T>(fiber: Fiber, serdes: Serdes<T>, data: string | undefined, kind: string, name: string | undefined): Step {
    try {
      fiber.value = serdes.deserialize(data);
      return NEXT;
    } catch (error) {
      const what = name === undefined ? `an unnamed ${kind}` : `${kind} "${name}"`;
      this.failInvocation(new InvocationError(`the result of ${what} cannot be deserialized: ${(error as Error)?.message ?? String(error)}`, error));
      return BLOCKED;
    }
  }

  /** Resumes a blocked fiber as a runner decided (the value is in `fiber.value`); BLOCKED means the run is failing. */
  settle(fiber: Fiber, step: Step): void {
    if (step !== BLOCKED) this.resume(fiber, step, fiber.value);
  }

  /** Queues an update of an operation in `scope`; dropped when the scope was cancelled (a batch completed without it). */
  enqueue(scope: Scope, update: OperationUpdate): void {
    if (scope.cancellation.cancelled) return;
    if (this.probe !== undefined && update.Action === "START" && this.snapshot.get(update.Id) === undefined) {
      this.probe.stopAt({ path: pathOfId(scope.path, update.Id, scope.current), id: update.Id, type: update.Type, subType: update.SubType, name: update.Name, status: "NEW" });
    }
    this.batcher.enqueue(update);
  }

  /** Runs `then` once every update enqueued so far has been acknowledged by the service. */
  whenDurable(then: () => void): void {
    const seq = this.batcher.lastEnqueued;
    if (this.batcher.durableThrough >= seq) then();
    else this.durableWaiters.push({ seq, then });
  }

  /** Calls `onChange` the next time the service reports operation `id` changed. */
  watch(id: string, onChange: (operation: Operation) => void): void {
    this.watchers.set(id, onChange);
  }

  /** Tracks a user function in flight: the run neither suspends nor ends its loop while one runs. */
  track<T>(work: Promise<T>): Promise<T> {
    this.runningTasks++;
    const settled = (): void => {
      this.runningTasks--;
      this.wake();
    };
    work.then(settled, settled);
    return work;
  }

  failExecution(error: Error): void {
    this.executionFailure ??= error;
    this.wake();
  }

  failInvocation(error: unknown): void {
    this.invocationFailure ??= error;
    this.wake();
  }

  // ---- checkpoints --------------------------------------------------------------------------------------------

  private send(): void {
    this.batcher.sendNext().then(
      () => this.wake(),
      (error: unknown) => this.failInvocation(error),
    );
  }

  private releaseDurableWaiters(): void {
    const durable = this.batcher.durableThrough;
    if (this.durableWaiters.length === 0 || this.durableWaiters[0]!.seq > durable) return;
    const waiting = this.durableWaiters;
    this.durableWaiters = [];
    for (const waiter of waiting) {
      if (waiter.seq <= durable) waiter.then();
      else this.durableWaiters.push(waiter);
    }
  }

  private merge(operations: readonly Operation[]): void {
    this.snapshot = this.snapshot.withChanges(operations);
    for (const operation of operations) {
      const onChange = this.watchers.get(operation.Id);
      if (onChange === undefined) continue;
      this.watchers.delete(operation.Id);
      onChange(operation);
    }
  }

  private wake(): void {
    this.woken = true;
    const wakeUp = this.wakeUp;
    if (wakeUp !== undefined) {
      this.wakeUp = undefined;
      wakeUp();
    }
  }

  private async nextWake(): Promise<void> {
    if (!this.woken) await new Promise<void>((resolve) => (this.wakeUp = resolve));
    this.woken = false;
  }
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
