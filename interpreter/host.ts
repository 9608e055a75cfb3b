import type { StepContext } from "../dsl/context";
import type { Op } from "../dsl/op";
import type { Scope } from "./scope";
import type { Operation, OperationType, OperationUpdate } from "./wire";

/** How a fiber continues: `next(value)` or `throw(value)`. */
export const NEXT = 0;
export const THROW = 1;
export type Resumption = typeof NEXT | typeof THROW;

/**
 * How a runner answers, exactly once: `done(NEXT, value)` continues the fiber with the value, `done(THROW, error)`
 * throws the error into it. A runner may answer before it returns (a replayed operation) or later (new work); the
 * driver tells the two apart, so no runner needs to.
 */
export type Done = (mode: Resumption, value: unknown) => void;

/**
 * Runs one descriptor at `position` of `scope`, the operation's place in its context. Every runner has this
 * signature; runners/index.ts maps each descriptor kind to one. A runner that does not answer leaves the fiber
 * waiting (on the service, on a checkpoint) or the run failing (it said so through the host).
 */
export type Runner<O extends Op<unknown>> = (op: O, scope: Scope, position: number, host: RunnerHost, done: Done) => void;

/** Returned by `RunnerHost.recorded` for a recorded operation that does not match the code: the run is failing. */
export const MISMATCH: unique symbol = Symbol("mismatch");

/** How an attempt ended: `returned(value)` or `threw(error)`. */
export interface AttemptSettled<T> {
  returned(value: T): void;
  threw(error: unknown): void;
}

/** Who runs a user function's attempt, and what it is told. */
export interface AttemptFields {
  readonly operationId: string;
  readonly operationName: string | undefined;
  readonly attempt: number;
}

/**
 * What a runner may do, and nothing else: read the history at a position, record updates, wait for them to be
 * durable, watch an operation, start a fiber, dispatch a descriptor it contains, run user code, fail the run.
 * Run implements it; a runner never sees the Run.
 */
export interface RunnerHost {
  /**
   * The recorded operation at this position, checked against what the code asks for. Undefined when the history
   * has none (the operation is new); MISMATCH when the code no longer matches the history (the run is failing).
   */
  recorded(scope: Scope, position: number, type: OperationType, subType: string, name: string | undefined): Operation | undefined | typeof MISMATCH;
  /** The service's latest state of operation `id` (the history, plus what checkpoint responses reported). */
  current(id: string): Operation | undefined;
  /** A recorded outcome was returned from history; `contextId` when it was a context: its contents are not reached. */
  replayed(contextId?: string): void;
  /** A recorded operation the workflow passes over without running (a race's loser, a batch item left running). */
  passOver(scope: Scope, position: number): void;
  /** Operations recorded inside context `contextId` that the code will not reach (its item was left running). */
  passOverContents(contextId: string): void;
  /**
   * The workflow reached work that is not in the history, or recorded work still in progress: from here on its
   * logs are new. False in a replay-only run, which stops there: the runner must not start anything.
   */
  mayRunNew(scope: Scope, position: number, recorded: Operation | undefined, type: OperationType, subType: string, name: string | undefined): boolean;

  /** Queues an update of an operation in `scope`; dropped when the scope was cancelled (its batch completed). */
  record(scope: Scope, update: OperationUpdate): void;
  /** Runs `then` once every update recorded so far has been acknowledged by the service. */
  whenDurable(then: () => void): void;
  /** Calls `onChange` the next time the service reports operation `id` changed (every watcher of `id` is called). */
  watch(id: string, onChange: (operation: Operation) => void): void;

  /** Runs a generator (a context's body) as a fiber of its own in `scope`; `done` receives its return or throw. */
  startFiber(generator: Generator<unknown, unknown, unknown>, scope: Scope, done: Done): void;
  /** Runs a descriptor contained in another (a combinator's participant) at `position` of `scope`. */
  dispatch(op: Op<unknown>, scope: Scope, position: number, done: Done): void;

  /**
   * Runs one attempt of user code (a step function, a condition check) as a tracked task: the run neither
   * suspends nor ends while it runs. With `timeoutSeconds`, the attempt fails with StepTimeoutError when the time
   * is up. A step attempt (`isStep`) runs the test's mock for its name instead, when there is one. `settled` is
   * called once, with the value or the error, in the same microtask that ends the task (one reaction per attempt).
   */
  attempt<T>(fn: (ctx: StepContext) => T | Promise<T>, fields: AttemptFields, timeoutSeconds: number | undefined, isStep: boolean, settled: AttemptSettled<T>): void;

  /** The execution fails (NonDeterminismError, a usage error that no workflow code can catch). */
  failExecution(error: Error): void;
  /** The invocation fails and is retried by Lambda; nothing recorded is lost (an unreadable payload, say). */
  failInvocation(error: unknown): void;
}
