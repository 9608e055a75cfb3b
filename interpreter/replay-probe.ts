import type { Divergence } from "../dsl/errors";
import { unreachedError } from "./divergence";
import { pathOfId } from "./ids";
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
 * What a replay-only run observes, beyond the outcome: which recorded operations the code reached and where it
 * stopped. Only a replay-only run has one, so none of this costs anything when an execution runs for real.
 */
export class ReplayProbe {
  frontier: Frontier | undefined;
  private readonly pathsById = new Map<string, string>();
  private readonly skippedContexts = new Set<string>();

  constructor(
    /** Operations whose recorded payload cannot be used (truncated by the service), with the reason. */
    readonly unreadable: ReadonlyMap<string, string>,
  ) {}

  reached(id: string, path: string): void {
    this.pathsById.set(id, path);
  }

  skipped(contextId: string): void {
    this.skippedContexts.add(contextId);
  }

  /** Stops at the first point where the code would do work the history does not have. */
  stopAt(frontier: Frontier): void {
    this.frontier ??= frontier;
  }

  /** A recorded operation the run waits on (a callback's result): where it stopped when nothing else was new. */
  stopAtRecorded(operation: Operation): void {
    this.stopAt({ path: this.pathsById.get(operation.Id), id: operation.Id, type: operation.Type, subType: operation.SubType, name: operation.Name, status: operation.Status });
  }

  /**
   * The recorded operations of a finished workflow that the code never reached, outside contexts it returned from
   * history: the first one, as a divergence.
   */
  unreached(operations: Iterable<Operation>): Divergence | undefined {
    const byId = new Map<string, Operation>();
    for (const operation of operations) byId.set(operation.Id, operation);
    const missing: Operation[] = [];
    for (const operation of byId.values()) {
      if (operation.Type === "EXECUTION" || this.pathsById.has(operation.Id) || this.insideSkipped(operation, byId)) continue;
      missing.push(operation);
    }
    const first = missing[0];
    if (first === undefined) return undefined;
    return unreachedError(first, this.pathOf(first, byId.size), missing.length).divergence;
  }

  private insideSkipped(operation: Operation, byId: ReadonlyMap<string, Operation>): boolean {
    for (let parent = operation.ParentId; parent !== undefined; parent = byId.get(parent)?.ParentId) {
      if (this.skippedContexts.has(parent)) return true;
    }
    return false;
  }

  /** An unreached operation's path: its context's path, then the position whose id is its id (ids are md5 of paths). */
  private pathOf(operation: Operation, positions: number): string {
    const contextPath = operation.ParentId === undefined ? "" : this.pathsById.get(operation.ParentId);
    if (contextPath === undefined) return `(inside context ${operation.ParentId})`;
    return pathOfId(contextPath, operation.Id, positions) ?? `(id ${operation.Id})`;
  }
}
