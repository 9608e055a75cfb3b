import type { NonDeterminismError } from "../dsl/errors";
import { unreachedError } from "./divergence";
import { pathOfId } from "./ids";
import type { Operation } from "./wire";

/**
 * The recorded operations of a finished workflow that the code never reached, outside the contexts whose contents
 * it passed over: the first one, as the NonDeterminismError both the live run and `durable replay` give.
 */
export function unreachedOperations(operations: Iterable<Operation>, reached: ReadonlySet<string>, passedOver: ReadonlySet<string>): NonDeterminismError | undefined {
  const byId = new Map<string, Operation>();
  for (const operation of operations) byId.set(operation.Id, operation);
  const missing: Operation[] = [];
  for (const operation of byId.values()) {
    if (operation.Type === "EXECUTION" || reached.has(operation.Id) || insidePassedOver(operation, byId, passedOver)) continue;
    missing.push(operation);
  }
  const first = missing[0];
  if (first === undefined) return undefined;
  return unreachedError(first, pathOf(first, byId, new Map()) ?? `(id ${first.Id})`, missing.length);
}

function insidePassedOver(operation: Operation, byId: ReadonlyMap<string, Operation>, passedOver: ReadonlySet<string>): boolean {
  for (let parent = operation.ParentId; parent !== undefined; parent = byId.get(parent)?.ParentId) {
    if (passedOver.has(parent)) return true;
  }
  return false;
}

/**
 * A recorded operation's position path, found from its ids (md5 of paths): its context's path, then the position
 * whose id is its own. Only for error messages: it hashes up to one id per recorded operation and level.
 */
export function pathOf(operation: Operation, byId: ReadonlyMap<string, Operation>, known: Map<string, string>): string | undefined {
  const cached = known.get(operation.Id);
  if (cached !== undefined) return cached;
  let contextPath = "";
  if (operation.ParentId !== undefined) {
    const parent = byId.get(operation.ParentId);
    const parentPath = parent === undefined ? undefined : pathOf(parent, byId, known);
    if (parentPath === undefined) return undefined;
    contextPath = parentPath;
  }
  const path = pathOfId(contextPath, operation.Id, byId.size);
  if (path !== undefined) known.set(operation.Id, path);
  return path;
}
