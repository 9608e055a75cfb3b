import type { Operation } from "../../interpreter/wire";

/**
 * A completed context a replay took from its record: its body did not run again, so nothing inside it replayed.
 * @example
 * for (const context of report.notReentered) console.log(`${context.label}: ${context.inner} operations not re-run`);
 */
export interface CompletedContext {
  /** How the workflow wrote it: `map "reserve"`, `child "ship"`, `waitForCallback "approval"`. */
  readonly label: string;
  /** The recorded operations inside it, at any depth. */
  readonly inner: number;
}

const KINDS: Readonly<Record<string, string>> = {
  RunInChildContext: "child", Map: "map", Parallel: "parallel", WaitForCallback: "waitForCallback", MapIteration: "map item", ParallelBranch: "parallel branch",
};

/**
 * The outermost completed contexts of a history, with what they hold. A replay (on AWS as here) returns a completed
 * context's recorded result without re-entering it, unless it was recorded with ReplayChildren (a result too large
 * to record, rebuilt from the children).
 */
export function completedContexts(operations: readonly Operation[]): CompletedContext[] {
  const byId = new Map(operations.map((operation) => [operation.Id, operation]));
  const isClosed = (operation: Operation) => operation.Type === "CONTEXT" && (operation.Status === "SUCCEEDED" || operation.Status === "FAILED") && operation.ContextDetails?.ReplayChildren !== true;
  const closedAncestor = (operation: Operation): Operation | undefined => {
    let outermost: Operation | undefined;
    for (let parent = operation.ParentId === undefined ? undefined : byId.get(operation.ParentId); parent !== undefined; parent = parent.ParentId === undefined ? undefined : byId.get(parent.ParentId)) {
      if (isClosed(parent)) outermost = parent;
    }
    return outermost;
  };
  const inner = new Map<Operation, number>();
  for (const operation of operations) {
    const outer = closedAncestor(operation);
    if (outer !== undefined) inner.set(outer, (inner.get(outer) ?? 0) + 1);
    else if (isClosed(operation)) inner.set(operation, inner.get(operation) ?? 0);
  }
  return [...inner].filter(([, count]) => count > 0).map(([context, count]) => ({ label: contextLabel(context), inner: count }));
}

/** A context as the workflow wrote it: `map "reserve"`, `waitForCallback "approval"`. */
export function contextLabel(context: Operation): string {
  return `${KINDS[context.SubType ?? ""] ?? "context"} ${context.Name === undefined ? `(id ${context.Id})` : `"${context.Name}"`}`;
}
