/**
 * A WebAssembly function that writes the operation ids of a run of positions in one context: for each position p
 * in `from .. from + count - 1`, the first 16 hex chars of md5("<prefix><p in decimal>"), 16 bytes per position
 * from OUTPUT_OFFSET. The prefix (the context's path and a dash, or nothing at the root) is written at
 * PREFIX_OFFSET first. Message and digest fit one 64-byte block, hence MAX_PREFIX_BYTES. The module's bytes
 * (md5-wasm-bytes.ts) are assembled from MD5's definition (RFC 1321) by md5-wasm-assembler.ts, which says what they
 * compute; tests/unit/interpreter/ids.test.ts fails when the two differ.
 *
 * Why WebAssembly: in a fresh process (a Lambda cold start) node:crypto's hash() spends most of its time in its
 * JavaScript wrapper running as bytecode, about 1 us per id on Node 22 and 2 us on Node 20 in the first replay of
 * 3,000 steps; this function, compiled by V8's baseline compiler on first use, takes about 0.3 us per id.
 */

import { MD5_WASM } from "./md5-wasm-bytes";

export const PREFIX_OFFSET = 64;
export const OUTPUT_OFFSET = 1024;
/** One block holds 55 message bytes; a position takes up to 10 digits. */
export const MAX_PREFIX_BYTES = 45;
/** Positions per call: the output area of the module's one page of memory. */
export const MAX_BATCH = (65536 - OUTPUT_OFFSET) / 16;

export interface Md5Positions {
  readonly memory: { readonly buffer: ArrayBuffer };
  /** Writes the ids of positions `from .. from + count - 1` after the prefix of `prefixBytes` bytes. */
  readonly ids: (prefixBytes: number, from: number, count: number) => void;
}

/** What this file uses of the WebAssembly global, typed here: TypeScript declares it only in its DOM library. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}

/** The module's exports; undefined where WebAssembly is not available (node --jitless). */
export function instantiateMd5Positions(): Md5Positions | undefined {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  return new wasm.Instance(new wasm.Module(Buffer.from(MD5_WASM, "base64")), {}).exports as Md5Positions;
}
