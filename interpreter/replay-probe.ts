import type { HistorySnapshot } from "./snapshot";
import { pathOf } from "./unreached";
import type { Operation, OperationStatus, OperationType } from "./wire";

/**
 * The first operation a replay stopped at: new work the code would start, or recorded work still in progress.
 * @example
 * const report = await replay(orderWorkflow, "histories/order-42.json");
 * if (report.next?.status === "NEW") console.log(`the execution would go on with ${report.next.type} ${report.next.name}`);
 */
export interface Frontier {
  readonly path: string | undefined;
  readonly id: string;
  readonly type: OperationType;
  readonly subType: string | undefined;
  readonly name: string | undefined;
  /** "NEW" when the history does not have it; else its recorded status (a wait in progress, a step between attempts). */
  readonly status: "NEW" | OperationStatus;
}

/**
 * What a replay-only run observes beyond the outcome: where it stopped. Only a replay-only run has one, so none of
 * this costs anything when an execution runs for real.
 */
export class ReplayProbe {
  frontier: Frontier | undefined;

  constructor(
    /** Operations whose recorded payload cannot be used (truncated by the service), with the reason. */
    readonly unreadable: ReadonlyMap<string, string>,
  ) {}

  /** Stops at the first point where the code would do work the history does not have. */
  stopAt(frontier: Frontier): void {
    this.frontier ??= frontier;
  }

  /**
   * Where the replay stopped, once it ended: the first new work, else the recorded operation it waits on (a
   * callback's result, `awaited`) when it ended PENDING.
   */
  frontierAfter(awaited: Operation | undefined, snapshot: HistorySnapshot): Frontier | undefined {
    if (this.frontier !== undefined || awaited === undefined) return this.frontier;
    const byId = new Map<string, Operation>();
    for (const recorded of snapshot.recordedOperations()) byId.set(recorded.Id, recorded);
    return { path: pathOf(awaited, byId, new Map()), id: awaited.Id, type: awaited.Type, subType: awaited.SubType, name: awaited.Name, status: awaited.Status };
  }
}
