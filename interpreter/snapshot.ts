import { freeze, enableMapSet } from "immer";
import type { Operation } from "./wire";

enableMapSet();

/**
 * The execution's operations as the service last reported them: immutable, indexed by wire id.
 *
 * The index is frozen with immer; the operations in it are the event's own objects, which nothing outside the
 * interpreter can reach and which its runners only read. Deep-freezing them would cost 2.3 ms for 3,000
 * operations and freezing two levels 1.2 ms (this project's machines; `npm run bench`, "replay 3,000 steps"), against a budget of 5 ms for
 * replaying all 3,000.
 *
 * `recorded`, the event's history, is built once per invocation and never copied. What checkpoint responses
 * report afterwards goes into `layers`, small maps of frozen operations, newest first, merged like a binary counter (a new layer
 * absorbs the layers not larger than itself), so there are at most log2(changes) layers and a merge costs
 * amortized O(changed operations x log(changes)), never O(history). While nothing changed, a lookup is one Map get.
 * The layers never leave the snapshot, so they are not frozen themselves: immer's freeze of a Map (it redefines
 * its mutators) on every checkpoint response made a fresh 100-step execution cost 6.5 us per step against 5.5 us
 * without it (on LocalExecution; `npm run bench`, "fresh 100 steps").
 */
export class HistorySnapshot {
  private childrenByParent: Map<string, string[]> | undefined;

  private constructor(
    private readonly recorded: ReadonlyMap<string, Operation>,
    private readonly layers: readonly ReadonlyMap<string, Operation>[],
    /** How many operations of the workflow the history records (all but the EXECUTION itself). */
    readonly recordedWorkflowOperations: number,
  ) {}

  /**
   * Indexed loops, not for-of: in a fresh process this runs before the JIT has compiled anything, and the iterator
   * protocol then costs several times the loop (`npm run bench`, "first replay 3,000 steps").
   */
  static of(operations: readonly Operation[]): HistorySnapshot {
    const recorded = new Map<string, Operation>();
    let executions = 0;
    for (let index = 0; index < operations.length; index++) {
      const operation = operations[index]!;
      recorded.set(operation.Id, operation);
      if (operation.Type === "EXECUTION") executions++;
    }
    return new HistorySnapshot(freeze(recorded), [], recorded.size - executions);
  }

  get(id: string): Operation | undefined {
    for (let i = 0; i < this.layers.length; i++) {
      const operation = this.layers[i]!.get(id);
      if (operation !== undefined) return operation;
    }
    return this.recorded.get(id);
  }

  /** How many distinct operation ids the history the snapshot was built from has. */
  get size(): number {
    return this.recorded.size;
  }

  /** The operations of the history the snapshot was built from, in its order. */
  recordedOperations(): Iterable<Operation> {
    return this.recorded.values();
  }

  /** How many recorded operations are nested, at any depth, inside the context with wire id `id`. */
  recordedDescendants(id: string): number {
    this.childrenByParent ??= indexChildren(this.recorded);
    const children = this.childrenByParent.get(id);
    if (children === undefined) return 0;
    let count = children.length;
    for (const child of children) count += this.recordedDescendants(child);
    return count;
  }

  withChanges(operations: readonly Operation[]): HistorySnapshot {
    if (operations.length === 0) return this;
    const layer = new Map<string, Operation>();
    for (const operation of operations) layer.set(operation.Id, Object.freeze(operation));
    let merged = 0;
    while (merged < this.layers.length && this.layers[merged]!.size <= layer.size) {
      // `layer` was made by this call: the older entries go into it where it has none, rather than into a copy of
      // the older layer (a Map less per merge: fresh 100 steps on LocalExecution 5.5 -> 5.2 us per step, medians of
      // 7 processes of `npm run bench`'s "fresh 100 steps" run alone).
      for (const [id, operation] of this.layers[merged]!) if (!layer.has(id)) layer.set(id, operation);
      merged++;
    }
    return new HistorySnapshot(this.recorded, [layer, ...this.layers.slice(merged)], this.recordedWorkflowOperations);
  }

  /** The EXECUTION operation: it carries the input. */
  execution(): Operation | undefined {
    for (const operation of this.recorded.values()) if (operation.Type === "EXECUTION") return this.get(operation.Id);
    for (const layer of this.layers) for (const operation of layer.values()) if (operation.Type === "EXECUTION") return operation;
    return undefined;
  }
}

function indexChildren(operations: ReadonlyMap<string, Operation>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const operation of operations.values()) {
    if (operation.ParentId === undefined) continue;
    const siblings = children.get(operation.ParentId);
    if (siblings === undefined) children.set(operation.ParentId, [operation.Id]);
    else siblings.push(operation.Id);
  }
  return children;
}
