import { hash } from "node:crypto";
import { instantiateMd5Positions, MAX_BATCH, MAX_PREFIX_BYTES, OUTPUT_OFFSET, PREFIX_OFFSET } from "./md5-wasm";

/**
 * Operation ids are positional, as in the official SDK: the path of an operation is its 1-based position in its
 * context ("3" at the root, "3-2" inside the context at path "3"), and its wire id is the first 16 hex chars of
 * md5(path). A path's id never changes, so ids are memoized for the life of the process: a warm sandbox replays
 * the same paths on every invocation and then pays one array read instead of a hash.
 */
const idsByContext = new Map<string, string[]>();

/**
 * A context's ids are hashed in batches (md5-wasm.ts), each as long as the positions before it and at most
 * BATCH_LIMIT, so a context of n operations hashes fewer than 2n positions, and a context of one just one.
 */
const BATCH_LIMIT = 256;
const md5 = instantiateMd5Positions();
const md5Bytes = md5 === undefined ? undefined : new Uint8Array(md5.memory.buffer);
const ascii = new TextDecoder();

export function childPath(contextPath: string, position: number): string {
  return contextPath === "" ? String(position) : `${contextPath}-${position}`;
}

export function operationIdAt(contextPath: string, position: number): string {
  let ids = idsByContext.get(contextPath);
  if (ids === undefined) {
    ids = [];
    idsByContext.set(contextPath, ids);
  }
  return ids[position] ?? hashPositions(contextPath, position, ids);
}

/** Fills `ids` from `position` on, one batch; returns the id at `position`. */
function hashPositions(contextPath: string, position: number, ids: string[]): string {
  const prefix = contextPath === "" ? "" : `${contextPath}-`;
  if (md5 === undefined || prefix.length > MAX_PREFIX_BYTES || !Number.isSafeInteger(position) || position > 0xffffffff - BATCH_LIMIT) {
    return (ids[position] = hashPath(childPath(contextPath, position)));
  }
  const count = Math.min(position, BATCH_LIMIT, MAX_BATCH);
  // Paths are digits and dashes: one byte per char.
  for (let index = 0; index < prefix.length; index++) md5Bytes![PREFIX_OFFSET + index] = prefix.charCodeAt(index);
  md5.ids(prefix.length, position, count);
  const hex = ascii.decode(md5Bytes!.subarray(OUTPUT_OFFSET, OUTPUT_OFFSET + 16 * count));
  for (let index = 0; index < count; index++) ids[position + index] = hex.slice(16 * index, 16 * index + 16);
  return ids[position]!;
}

export function hashPath(path: string): string {
  return hash("md5", path, "hex").slice(0, 16);
}

/** The path of the position, 1 to `last`, of the context at `contextPath` whose id is `id` (ids are hashes: searched). */
export function pathOfId(contextPath: string, id: string, last: number): string | undefined {
  for (let position = 1; position <= last; position++) if (operationIdAt(contextPath, position) === id) return childPath(contextPath, position);
  return undefined;
}
