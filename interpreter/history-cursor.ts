import type { NonDeterminismError } from "../dsl/errors";
import { label, mismatchError } from "./divergence";
import { MISMATCH } from "./host";
import { InvocationError } from "./invocation-error";
import type { ReplayProbe } from "./replay-probe";
import type { Scope } from "./scope";
import type { HistorySnapshot } from "./snapshot";
import { unreachedOperations } from "./unreached";
import { isTerminal, type Operation, type OperationType } from "./wire";

/**
 * Where the run is in the recorded history: the snapshot the runners read, which recorded operations the code
 * reached (and which it legitimately passed over), and whether it is still replaying.
 */
export class HistoryCursor {
  snapshot: HistorySnapshot;
  /** Operations whose recorded outcome was returned from history. */
  replayedCount = 0;
  /** Recorded operations the workflow has not reached yet; while there are any, it is replaying (its logs are silent). */
  private unvisited: number;
  private readonly recordedCount: number;
  /**
   * Ids of the recorded operations reached, in order, in an array made once at the history's size: a warm replay of
   * 3,000 steps allocates 1,810 KB with it, as much as when keeping only a count, and 1,887 KB with an array grown
   * as ids come (tests/bench/replay-allocation.ts, Node 20). Only the count is read unless something is missing.
   */
  private readonly reached: string[];
  private reachedCount = 0;
  /** Recorded operations passed over without being reached (a race's loser, a batch item not run again). */
  private readonly passedOverIds = new Set<string>();
  /** Contexts whose recorded contents the code will not reach (returned from history, or left running). */
  private readonly passedOver = new Set<string>();

  constructor(
    snapshot: HistorySnapshot,
    private readonly probe: ReplayProbe | undefined,
    private readonly fail: { execution(error: Error): void; invocation(error: unknown): void },
  ) {
    this.snapshot = snapshot;
    this.recordedCount = snapshot.recordedWorkflowOperations;
    this.unvisited = this.recordedCount;
    this.reached = new Array<string>(this.recordedCount);
  }

  get replaying(): boolean {
    return this.unvisited > 0;
  }

  recorded(scope: Scope, position: number, type: OperationType, subType: string, name: string | undefined): Operation | undefined | typeof MISMATCH {
    const id = scope.idAt(position);
    const operation = this.snapshot.get(id);
    if (operation === undefined) return undefined;
    this.unvisited--;
    this.reached[this.reachedCount++] = id;
    if (operation.Type !== type || operation.SubType !== subType || operation.Name !== name) {
      this.fail.execution(mismatchError(this.snapshot, scope, position, operation, { type, subType, name }));
      return MISMATCH;
    }
    if (this.probe !== undefined) {
      const unreadable = this.probe.unreadable.get(id);
      if (unreadable !== undefined && isTerminal(operation)) {
        this.fail.invocation(new InvocationError(`the replay needs the recorded result of ${label({ type, subType, name })} at ${scope.pathAt(position)}, but ${unreadable}`));
        return MISMATCH;
      }
    }
    return operation;
  }

  replayed(contextId: string | undefined): void {
    this.replayedCount++;
    if (contextId !== undefined) this.passOverContents(contextId);
  }

  passOver(scope: Scope, position: number): void {
    const id = scope.idAt(position);
    if (this.snapshot.get(id) === undefined || this.passedOverIds.has(id)) return;
    this.unvisited--;
    this.passedOverIds.add(id);
    this.passOverContents(id);
  }

  passOverContents(contextId: string): void {
    if (this.passedOver.has(contextId)) return;
    this.passedOver.add(contextId);
    this.unvisited -= this.snapshot.recordedDescendants(contextId);
  }

  mayRunNew(scope: Scope, position: number, recorded: Operation | undefined, type: OperationType, subType: string, name: string | undefined): boolean {
    if (this.probe !== undefined) {
      this.probe.stopAt({ path: scope.pathAt(position), id: scope.idAt(position), type, subType, name, status: recorded?.Status ?? "NEW" });
      return false;
    }
    this.unvisited = 0;
    return true;
  }

  /**
   * The error for recorded operations a finished workflow never reached, outside what it legitimately passed
   * over; undefined when it reached them all (the common case costs one comparison).
   */
  unreached(): NonDeterminismError | undefined {
    if (this.reachedCount + this.passedOverIds.size === this.recordedCount) return undefined;
    const reached = new Set(this.passedOverIds);
    for (let index = 0; index < this.reachedCount; index++) reached.add(this.reached[index]!);
    return unreachedOperations(this.snapshot.recordedOperations(), reached, this.passedOver);
  }
}
