import { asError } from "./error-objects";
import { THROW, type Done as FiberEnd } from "./host";
import { hashPath } from "./ids";
import type { AttemptEndInfo, AttemptInfo, OperationChangeInfo, OperationInfo } from "./plugins-api";
import { LazyOperations, operationInfo, operationRecord } from "./plugins-info";
import type { PluginDispatch } from "./plugins";
import type { Scope } from "./scope";
import type { HistorySnapshot } from "./snapshot";
import type { Operation, OperationUpdate } from "./wire";

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

/**
 * What the run tells its plugins, at the few places where it observes an operation: the workflow reached a recorded
 * one (`reached`), it queued an update (`enqueued`), a checkpoint response reported changes (`changed`), user code
 * starts (`attempt`, `fiber`). The run holds one only when plugins were given, so without plugins none of this
 * runs. Operation hooks fire at most once per operation and invocation (start) or execution (end), see
 * plugins-api.ts; their promises are awaited before the invocation ends, not where they fire.
 */
export class PluginHost {
  /** Operations as the service last reported them, and those this invocation started, over the initial snapshot. */
  private readonly changes = new Map<string, Operation>();
  /** Operations the workflow reached in the recorded history (they are replays). */
  private readonly replayed = new Set<string>();
  private readonly started = new Set<string>();
  private readonly ended = new Set<string>();
  private readonly updatedOutside: ReadonlySet<string>;
  private readonly wrapsBodies: boolean;

  constructor(
    readonly dispatch: PluginDispatch,
    readonly executionArn: string,
    private readonly initial: HistorySnapshot,
    updatedOperationIds: readonly string[],
  ) {
    this.updatedOutside = new Set(updatedOperationIds);
    this.wrapsBodies = dispatch.has("wrapChildContextFn");
  }

  /** The workflow reached a recorded operation that matches the code. */
  reached(operation: Operation): void {
    const id = operation.Id;
    if (TERMINAL.has(operation.Status)) {
      // Finished since the last invocation (a wait's timer, a callback): this invocation is the first to see it.
      if (this.updatedOutside.has(id) && !this.ended.has(id)) {
        this.ended.add(id);
        this.dispatch.call("onOperationEnd", operationInfo(operation, false));
      }
      return;
    }
    this.replayed.add(id);
    if (this.started.has(id)) return;
    this.started.add(id);
    this.dispatch.call("onOperationStart", operationInfo(operation, true));
  }

  /** The run queued `update` for the next checkpoint. */
  enqueued(update: OperationUpdate): void {
    if (update.Action !== "START" || this.started.has(update.Id)) return;
    this.started.add(update.Id);
    let operation = this.current(update.Id);
    if (operation === undefined) {
      operation = { Id: update.Id, Type: update.Type, Status: "STARTED" };
      if (update.ParentId !== undefined) operation.ParentId = update.ParentId;
      if (update.Name !== undefined) operation.Name = update.Name;
      if (update.SubType !== undefined) operation.SubType = update.SubType;
      this.changes.set(update.Id, operation);
    }
    this.dispatch.call("onOperationStart", operationInfo(operation, this.replayed.has(update.Id)));
  }

  /** A checkpoint response reported `operations` (this invocation's updates applied, or changes from outside). */
  changed(operations: readonly Operation[]): void {
    const updated: Operation[] = [];
    for (const operation of operations) {
      if (operation.Type === "EXECUTION") continue;
      const before = this.current(operation.Id);
      this.changes.set(operation.Id, operation);
      updated.push(operation);
      if (!TERMINAL.has(operation.Status) || this.ended.has(operation.Id) || (before !== undefined && TERMINAL.has(before.Status))) continue;
      this.ended.add(operation.Id);
      this.dispatch.call("onOperationEnd", operationInfo(operation, false));
    }
    if (updated.length === 0 || !this.dispatch.has("onOperationChange")) return;
    const info = new OperationChange(this.executionArn, new LazyOperations(() => operationRecord(updated, (id) => this.replayed.has(id))), new LazyOperations(() => this.operations()));
    this.dispatch.call("onOperationChange", info);
  }

  /**
   * Runs one attempt's user function (a step's, a condition check's) between the attempt hooks, inside the
   * plugins' attempt wrappers; the hooks are awaited in line. Its value or error is the function's own.
   */
  async attempt<T>(operationId: string, attempt: number, call: () => T | Promise<T>): Promise<T> {
    const info = this.attemptInfo(operationId, attempt, undefined);
    const started = this.dispatch.call("onOperationAttemptStart", info);
    if (started !== undefined) await started;
    let value: T;
    try {
      value = await this.dispatch.wrap("wrapOperationAttemptFn", info, call);
    } catch (error) {
      const ended = this.dispatch.call("onOperationAttemptEnd", endOf(info, THROW, error));
      if (ended !== undefined) await ended;
      throw error;
    }
    const ended = this.dispatch.call("onOperationAttemptEnd", endOf(info, 0, undefined));
    if (ended !== undefined) await ended;
    return value;
  }

  /**
   * A fiber starts: for the body of a child context, map item or parallel branch (user code; not a flat item,
   * which has no CONTEXT of its own, nor waitForCallback's fixed body), the attempt hooks surround its run and each
   * resumption goes through the plugins' body wrappers. Undefined: nothing to change.
   */
  fiber(generator: Generator<unknown, unknown, unknown>, scope: Scope, onEnd: FiberEnd): { generator: Generator<unknown, unknown, unknown>; onEnd: FiberEnd } | undefined {
    const id = scope.contextId;
    if (id === undefined || hashPath(scope.path) !== id) return undefined;
    const context = this.current(id);
    if (context === undefined || context.SubType === "WaitForCallback") return undefined;
    // Recorded (STARTED, or SUCCEEDED with a result too large to record): its children replay as the body runs.
    const info = this.attemptInfo(id, 1, this.initial.get(id) !== undefined);
    this.dispatch.call("onOperationAttemptStart", info);
    const ended: FiberEnd = (mode, value) => {
      this.dispatch.call("onOperationAttemptEnd", endOf(info, mode, value));
      onEnd(mode, value);
    };
    return { generator: this.wrapsBodies ? this.wrappedBody(generator, info) : generator, onEnd: ended };
  }

  /** Every operation the invocation knows of, by id. */
  operations(): Record<string, OperationInfo> {
    const all = new Map<string, Operation>();
    for (const operation of this.initial.recordedOperations()) all.set(operation.Id, operation);
    for (const [id, operation] of this.changes) all.set(id, operation);
    return operationRecord(all.values(), (id) => this.replayed.has(id));
  }

  private current(id: string): Operation | undefined {
    return this.changes.get(id) ?? this.initial.get(id);
  }

  private attemptInfo(operationId: string, attempt: number, isReplayingChildren: boolean | undefined): AttemptInfo {
    const operation = this.current(operationId) ?? { Id: operationId, Type: "STEP", Status: "STARTED" };
    const { status: _status, endTimestamp: _end, result: _result, error: _error, ...identity } = operationInfo(operation, this.replayed.has(operationId));
    const info: AttemptInfo = { ...identity, attempt, startTimestamp: new Date() };
    return isReplayingChildren === undefined ? info : { ...info, isReplayingChildren };
  }

  private wrappedBody(generator: Generator<unknown, unknown, unknown>, info: AttemptInfo): Generator<unknown, unknown, unknown> {
    const dispatch = this.dispatch;
    const wrapped = {
      next: (value: unknown) => dispatch.wrap("wrapChildContextFn", info, () => generator.next(value)),
      throw: (error: unknown) => dispatch.wrap("wrapChildContextFn", info, () => generator.throw(error)),
      return: (value: unknown) => dispatch.wrap("wrapChildContextFn", info, () => generator.return(value)),
      [Symbol.iterator]() {
        return wrapped;
      },
    };
    return wrapped as unknown as Generator<unknown, unknown, unknown>;
  }
}

class OperationChange implements OperationChangeInfo {
  readonly #updated: LazyOperations;
  readonly #all: LazyOperations;

  constructor(readonly executionArn: string, updated: LazyOperations, all: LazyOperations) {
    this.#updated = updated;
    this.#all = all;
  }

  get updatedOperations(): Record<string, OperationInfo> {
    return this.#updated.value;
  }

  get operations(): Record<string, OperationInfo> {
    return this.#all.value;
  }
}

function endOf(info: AttemptInfo, mode: number, thrown: unknown): AttemptEndInfo {
  const endTimestamp = new Date();
  return mode === THROW ? { ...info, endTimestamp, outcome: "FAILED", error: asError(thrown) } : { ...info, endTimestamp, outcome: "SUCCEEDED" };
}
