import { pathOf } from "./unreached";
import type { Operation, OperationStatus, OperationType } from "./wire";

/** The first operation a replay stopped at: new work the code would start, or recorded work still in progress. */
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

  /** A recorded operation the run waits on (a callback's result): where it stopped when nothing else was new. */
  stopAtRecorded(operation: Operation, operations: Iterable<Operation>): void {
    const byId = new Map<string, Operation>();
    for (const recorded of operations) byId.set(recorded.Id, recorded);
    this.stopAt({ path: pathOf(operation, byId, new Map()), id: operation.Id, type: operation.Type, subType: operation.SubType, name: operation.Name, status: operation.Status });
  }
}
