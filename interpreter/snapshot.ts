import { freeze, produce, enableMapSet } from "immer";
import type { Operation } from "./wire";

enableMapSet();

const EMPTY: ReadonlyMap<string, Operation> = freeze(new Map<string, Operation>(), true);

/**
 * The execution's operations as the service last reported them: immutable, indexed by wire id.
 *
 * It is two frozen maps: `recorded`, built once per invocation from the event's history, and `changes`, the
 * operations that checkpoint responses reported since. Merging a response produces a new snapshot whose
 * `changes` map is copied with immer; the history itself is never copied, so a merge costs O(operations changed
 * in this invocation), not O(history).
 */
export class HistorySnapshot {
  private constructor(
    private readonly recorded: ReadonlyMap<string, Operation>,
    private readonly changes: ReadonlyMap<string, Operation>,
  ) {}

  static of(operations: readonly Operation[]): HistorySnapshot {
    const recorded = new Map<string, Operation>();
    for (const operation of operations) recorded.set(operation.Id, operation);
    return new HistorySnapshot(freeze(recorded, true), EMPTY);
  }

  get(id: string): Operation | undefined {
    if (this.changes.size === 0) return this.recorded.get(id);
    return this.changes.get(id) ?? this.recorded.get(id);
  }

  get size(): number {
    let added = 0;
    for (const id of this.changes.keys()) if (!this.recorded.has(id)) added++;
    return this.recorded.size + added;
  }

  withChanges(operations: readonly Operation[]): HistorySnapshot {
    if (operations.length === 0) return this;
    const changes = produce(this.changes, (draft) => {
      for (const operation of operations) draft.set(operation.Id, operation);
    });
    return new HistorySnapshot(this.recorded, changes);
  }

  /** The EXECUTION operation: it carries the input. */
  execution(): Operation | undefined {
    for (const operation of this.changes.values()) if (operation.Type === "EXECUTION") return operation;
    for (const operation of this.recorded.values()) if (operation.Type === "EXECUTION") return operation;
    return undefined;
  }
}
