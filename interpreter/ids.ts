import { hash } from "node:crypto";

/**
 * Operation ids are positional, as in the official SDK: the path of an operation is its 1-based position in its
 * context ("3" at the root, "3-2" inside the context at path "3"), and its wire id is the first 16 hex chars of
 * md5(path). A path's id never changes, so ids are memoized for the life of the process: a warm sandbox replays
 * the same paths on every invocation and then pays one Map lookup instead of a hash (about 0.7 us each, as
 * DESIGN.md's performance notes measured it; the warm median of `npm run bench`, "replay 3,000 steps", includes none).
 */
const idsByContext = new Map<string, string[]>();

export function childPath(contextPath: string, position: number): string {
  return contextPath === "" ? String(position) : `${contextPath}-${position}`;
}

export function operationIdAt(contextPath: string, position: number): string {
  let ids = idsByContext.get(contextPath);
  if (ids === undefined) {
    ids = [];
    idsByContext.set(contextPath, ids);
  }
  return (ids[position] ??= hashPath(childPath(contextPath, position)));
}

export function hashPath(path: string): string {
  return hash("md5", path, "hex").slice(0, 16);
}

/** The path of the position, 1 to `last`, of the context at `contextPath` whose id is `id` (ids are hashes: searched). */
export function pathOfId(contextPath: string, id: string, last: number): string | undefined {
  for (let position = 1; position <= last; position++) if (operationIdAt(contextPath, position) === id) return childPath(contextPath, position);
  return undefined;
}
