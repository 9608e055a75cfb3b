// Over 250 lines for a reason: Run is the one implementation of the runner host (host.ts), and its host methods,
// one-line delegations to the history cursor, the durability of updates and the fiber driver, stay beside the
// invocation's lifecycle they serve.
import type { Logger, StepContext } from "../dsl/context";
import { DurableUsageError, NonDeterminismError } from "../dsl/errors";
import type { Op } from "../dsl/op";
import type { Workflow } from "../dsl/workflow";
import { describe } from "../dsl/describe";
import { runAttempt } from "./attempt-context";
import { Durability } from "./durability";
import { errorObjectOf } from "./error-objects";
import { isGenerator } from "./fiber";
import { MISMATCH, type AttemptFields, type AttemptSettled, type Done, type Resumption, type RunnerHost } from "./host";
import { HistoryCursor } from "./history-cursor";
import { InvocationError } from "./invocation-error";
import { pathOfId } from "./ids";
import { createLogger } from "./logger";
import { workflowOutcome } from "./workflow-outcome";
import type { PluginHost } from "./plugins-host";
import type { LoggerFactory, LogSink, Timers } from "./port";
import { ReplayProbe } from "./replay-probe";
import type { RunOptions, RunOutcome, RunResult, StepMock } from "./run-result";
import { Scheduler } from "./scheduler";
import { Scope } from "./scope";
import type { Operation, OperationType, OperationUpdate } from "./wire";

export type { RunOptions, RunOutcome, RunResult, StepMock } from "./run-result";

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const defaultSink: LogSink = (line) => console.log(line);

/**
 * One invocation of a workflow: replays what the snapshot records, runs what is new, checkpoints it, and ends
 * when the workflow returns or throws, or when every fiber waits on the service (PENDING). It is the runners'
 * host (host.ts); the history cursor, the durability of updates and the fiber driver are its parts.
 *
 * Replaying a recorded operation is synchronous: runners answer from the snapshot and the fiber goes on in the
 * same loop. Only new work (a step function, a checkpoint call) makes the run wait on a promise.
 */
export class Run implements RunnerHost {
  readonly executionArn: string;
  readonly timers: Timers;
  readonly sink: LogSink;
  private readonly cursor: HistoryCursor;
  private readonly durability: Durability;
  private readonly scheduler: Scheduler;
  private runningTasks = 0;
  private executionFailure: Error | undefined;
  private invocationFailure: Error | undefined;
  private rootOutcome: RunOutcome | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private workflowLoggerInstance: Logger | undefined;
  private readonly probe: ReplayProbe | undefined;
  private readonly stepMocks: ReadonlyMap<string, StepMock> | undefined;

  readonly makeLogger: LoggerFactory;

  /** `plugins` is given only when there are any: without it no hook code runs (interpreter/plugins-host.ts). */
  constructor(options: RunOptions, private readonly plugins?: PluginHost) {
    this.executionArn = options.executionArn;
    this.timers = options.timers ?? defaultTimers;
    this.sink = options.log ?? defaultSink;
    this.makeLogger = options.logger ?? ((fields, isSilent) => createLogger(this.sink, fields, isSilent));
    if (options.stepMocks !== undefined) this.stepMocks = new Map(Object.entries(options.stepMocks));
    if (options.replayOnly !== undefined) this.probe = new ReplayProbe(options.replayOnly.unreadable ?? new Map());
    this.cursor = new HistoryCursor(options.snapshot, this.probe, { execution: (error) => this.failExecution(error), invocation: (error) => this.failInvocation(error) });
    this.durability = new Durability(options.port, options.checkpointToken, (operations) => {
      this.cursor.snapshot = this.cursor.snapshot.withChanges(operations);
      this.plugins?.changed(operations);
    });
    this.scheduler = new Scheduler(this, this, () => this.ended, () => this.wake());
  }

  get workflowLogger(): Logger {
    return (this.workflowLoggerInstance ??= this.makeLogger({ executionArn: this.executionArn }, () => this.cursor.replaying));
  }

  async execute<I, O>(workflow: Workflow<I, O>, input: I): Promise<RunResult> {
    this.startRoot(workflow, input);
    for (;;) {
      this.scheduler.drain();
      if (this.ended) break;
      if (this.durability.sendable) {
        // Time for step functions about to settle, so that a fast step's START and SUCCEED share one checkpoint
        // call: a few microtask turns (an async step function that awaits nothing slow settles in three), then, if
        // one still runs, one macrotask. A macrotask for every step cost a fresh execution of 100 steps on
        // LocalExecution 9.9 us per step against 6.4, of 1,000 steps 16.3 against 10.3 (tests/bench/fresh.ts's
        // executions, medians of 30 in one process after warm-up, Node 20; `npm run bench`, "fresh").
        for (let turn = 0; turn < SETTLING_TURNS && this.runningTasks > 0; turn++) await undefined;
        if (this.runningTasks > 0) await nextMacrotask();
        this.scheduler.drain();
        if (this.ended) break;
        this.send();
      }
      if (this.durability.drained && this.runningTasks === 0) {
        if (this.scheduler.idle) break;
        continue;
      }
      if (!this.woken) await this.nextWake();
      this.woken = false;
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
    this.scheduler.start(generator, new Scope("", undefined), (mode, value) => this.endRoot(workflow.name, mode, value));
  }

  private endRoot(name: string, mode: Resumption, value: unknown): void {
    // A finished workflow must have reached every recorded operation it did not legitimately pass over.
    const unreached = this.cursor.unreached();
    if (unreached !== undefined) {
      this.failExecution(unreached);
      return;
    }
    const ended = workflowOutcome(name, mode, value);
    if (!("spill" in ended)) {
      this.rootOutcome = ended;
      return;
    }
    // Lambda cannot return more than 6 MB: the result goes to the service as the EXECUTION's outcome instead.
    const execution = this.cursor.snapshot.execution();
    if (execution === undefined) {
      this.failInvocation(new InvocationError("the history has no EXECUTION operation to record the large result on"));
      return;
    }
    this.durability.enqueue({ Id: execution.Id, Type: "EXECUTION", Action: "SUCCEED", Payload: ended.spill });
    this.rootOutcome = { status: "SUCCEEDED", result: "" };
  }

  private async finish(): Promise<RunResult> {
    if (this.invocationFailure === undefined) {
      try {
        while (!this.durability.drained && this.invocationFailure === undefined) {
          if (!this.durability.busy) await this.durability.send();
          else {
            if (!this.woken) await this.nextWake();
            this.woken = false;
          }
        }
      } catch (error) {
        this.invocationFailure ??= asInvocationFailure(error);
      }
    }
    if (this.invocationFailure !== undefined) throw this.invocationFailure;
    // A finished workflow ran all of its code in this invocation: what it never yielded, it never will.
    if (this.rootOutcome !== undefined) {
      for (const warning of this.scheduler.unyielded()) createLogger(this.sink, { executionArn: this.executionArn }, () => false).warn(warning);
    }
    const outcome: RunOutcome = this.executionFailure
      ? { status: "FAILED", error: errorObjectOf(this.executionFailure) }
      : this.rootOutcome ?? { status: "PENDING" };
    const result: { -readonly [K in keyof RunResult]: RunResult[K] } = { outcome, checkpoints: this.durability.stats, replayed: this.cursor.replayedCount };
    if (this.executionFailure instanceof NonDeterminismError && this.executionFailure.divergence !== undefined) result.divergence = this.executionFailure.divergence;
    if (this.probe !== undefined) {
      const awaited = outcome.status === "PENDING" ? this.durability.firstWatched() : undefined;
      result.replay = { frontier: this.probe.frontierAfter(awaited === undefined ? undefined : this.cursor.snapshot.get(awaited), this.cursor.snapshot) };
    }
    return result;
  }

  // ---- the runner host (host.ts) ------------------------------------------------------------------------------

  recorded(scope: Scope, position: number, type: OperationType, subType: string, name: string | undefined): Operation | undefined | typeof MISMATCH {
    const operation = this.cursor.recorded(scope, position, type, subType, name);
    if (this.plugins !== undefined && operation !== undefined && operation !== MISMATCH) this.plugins.reached(operation);
    return operation;
  }

  current(id: string): Operation | undefined {
    return this.cursor.snapshot.get(id);
  }

  replayed(contextId?: string): void {
    this.cursor.replayed(contextId);
  }

  passOver(scope: Scope, position: number): void {
    this.cursor.passOver(scope, position);
  }

  passOverContents(contextId: string): void {
    this.cursor.passOverContents(contextId);
  }

  mayRunNew(scope: Scope, position: number, recorded: Operation | undefined, type: OperationType, subType: string, name: string | undefined): boolean {
    return this.cursor.mayRunNew(scope, position, recorded, type, subType, name);
  }

  record(scope: Scope, update: OperationUpdate): void {
    if (scope.cancellation.cancelled) return;
    if (this.probe !== undefined && update.Action === "START" && this.cursor.snapshot.get(update.Id) === undefined) {
      this.probe.stopAt({ path: pathOfId(scope.path, update.Id, scope.current), id: update.Id, type: update.Type, subType: update.SubType, name: update.Name, status: "NEW" });
    }
    this.durability.enqueue(update);
    this.plugins?.enqueued(update);
  }

  whenDurable(then: () => void): void {
    this.durability.whenDurable(then);
  }

  watch(id: string, onChange: (operation: Operation) => void): void {
    this.durability.watch(id, onChange);
  }

  startFiber(generator: Generator<unknown, unknown, unknown>, scope: Scope, done: Done): void {
    const observed = this.plugins?.fiber(generator, scope, done);
    if (observed === undefined) this.scheduler.start(generator, scope, done);
    else this.scheduler.start(observed.generator, scope, observed.onEnd);
  }

  dispatch(op: Op<unknown>, scope: Scope, position: number, done: Done): void {
    this.scheduler.dispatch(op, scope, position, done);
  }

  attempt<T>(fn: (ctx: StepContext) => T | Promise<T>, fields: AttemptFields, timeoutSeconds: number | undefined, isStep: boolean, settled: AttemptSettled<T>): void {
    const mock = isStep && fields.operationName !== undefined ? this.stepMocks?.get(fields.operationName) : undefined;
    const chosen = mock === undefined ? fn : (mock as (ctx: StepContext) => T | Promise<T>);
    const plugins = this.plugins;
    const work = runAttempt(this, plugins === undefined ? chosen : (ctx) => plugins.attempt(fields.operationId, fields.attempt, () => chosen(ctx)), fields, timeoutSeconds);
    this.runningTasks++;
    work.then(
      (value) => {
        this.taskEnded();
        settled.returned(value);
      },
      (error: unknown) => {
        this.taskEnded();
        settled.threw(error);
      },
    );
  }

  private taskEnded(): void {
    this.runningTasks--;
    this.wake();
  }

  failExecution(error: Error): void {
    this.executionFailure ??= error;
    this.wake();
  }

  failInvocation(error: unknown): void {
    this.invocationFailure ??= asInvocationFailure(error);
    this.wake();
  }

  // ---- wake-ups -----------------------------------------------------------------------------------------------

  private send(): void {
    this.durability.send().then(
      () => this.wake(),
      (error: unknown) => this.failInvocation(error),
    );
  }

  private wake(): void {
    this.woken = true;
    const wakeUp = this.wakeUp;
    if (wakeUp !== undefined) {
      this.wakeUp = undefined;
      wakeUp();
    }
  }

  /**
   * Resolves at the next wake-up. Callers test `woken` first and clear it after: an await that is not needed is
   * left out (a fresh step goes around the loop about three times).
   */
  private nextWake(): Promise<void> {
    return new Promise<void>((resolve) => (this.wakeUp = resolve));
  }
}

/**
 * What the invocation fails with: an Error as it is; anything else (a client that rejects with a string, or with
 * nothing) as an InvocationError, so the run cannot mistake it for no failure and go on.
 */
function asInvocationFailure(error: unknown): Error {
  return error instanceof Error ? error : new InvocationError(`a checkpoint call failed with ${describe(error)}, which is not an Error; the invocation is retried`, error);
}

/** Microtask turns a running step function gets to settle before the event loop's next turn is awaited. */
const SETTLING_TURNS = 16;

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
