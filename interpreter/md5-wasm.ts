/**
 * A WebAssembly function that writes the operation ids of a run of positions in one context: for each position p
 * in `from .. from + count - 1`, the first 16 hex chars of md5("<prefix><p in decimal>"), 16 bytes per position
 * from OUTPUT_OFFSET. The prefix (the context's path and a dash, or nothing at the root) is written at
 * PREFIX_OFFSET first. The module is assembled here from MD5's definition (RFC 1321) rather than shipped as bytes,
 * so that what it computes can be read. Message and digest fit one 64-byte block, hence MAX_PREFIX_BYTES.
 *
 * Why WebAssembly: in a fresh process (a Lambda cold start) node:crypto's hash() spends most of its time in its
 * JavaScript wrapper running as bytecode, about 1 us per id on Node 22 and 2 us on Node 20 in the first replay of
 * 3,000 steps; this function, compiled by V8's baseline compiler on first use, takes about 0.3 us per id.
 */

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
  return new wasm.Instance(new wasm.Module(moduleBytes()), {}).exports as Md5Positions;
}

const I32 = 0x7f;
const op = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  load: 0x28, load8: 0x2d, store: 0x36, store8: 0x3a, const: 0x41,
  eqz: 0x45, ltU: 0x49, gtU: 0x4b,
  add: 0x6a, sub: 0x6b, mul: 0x6c, divU: 0x6e, remU: 0x70, and: 0x71, or: 0x72, xor: 0x73, shl: 0x74, shrU: 0x76, rotl: 0x77,
} as const;

/** Locals of the function: its three parameters, then its own. */
const PREFIX_BYTES = 0, FROM = 1, COUNT = 2, K = 3, POSITION = 4, LENGTH = 5, DIGITS = 6, N = 7, A = 8, B = 9, C = 10, D = 11, NIBBLE = 12, OUT = 13, I = 14;
const OWN_LOCALS = 12;
const BLOCK_OFFSET = 0;

/** RFC 1321: per-round shift amounts, and the sine-derived constants. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const SINES = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const INITIAL = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];

function moduleBytes(): Uint8Array {
  const code = functionBody();
  const body = [1, OWN_LOCALS, I32, ...code];
  const section = (id: number, bytes: number[]) => [id, ...unsigned(bytes.length), ...bytes];
  const name = (text: string) => [text.length, ...Array.from(text, (char) => char.charCodeAt(0))];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 3, I32, I32, I32, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name("memory"), 2, 0, ...name("ids"), 0, 0]),
    ...section(10, [1, ...unsigned(body.length + 1), ...body, op.end]),
  ]);
}

function functionBody(): number[] {
  const get = (local: number) => [op.localGet, local];
  const set = (local: number) => [op.localSet, local];
  const tee = (local: number) => [op.localTee, local];
  const constant = (value: number) => [op.const, ...signed(value)];
  const load = (offset: number) => [op.load, 2, ...unsigned(offset)];
  const store = (offset: number) => [op.store, 2, ...unsigned(offset)];
  const store8 = (offset: number) => [op.store8, 0, ...unsigned(offset)];
  /** `while (condition) { body }`, the condition leaving 1 to go on. */
  const whileLoop = (condition: number[], body: number[]) => [op.block, 0x40, op.loop, 0x40, ...condition, op.eqz, op.brIf, 1, ...body, op.br, 0, op.end, op.end];

  // for (k = 0; k < count; k++): the id of position from + k.
  const perPosition: number[] = [];
  const inner = (...parts: (number | number[])[]) => {
    for (const part of parts) typeof part === "number" ? perPosition.push(part) : perPosition.push(...part);
  };
  inner(get(FROM), get(K), op.add, set(POSITION));
  // The block: zeroed, the prefix, the position's digits, the 0x80 terminator, the length in bits.
  for (let word = 0; word < 16; word++) inner(constant(0), constant(0), store(BLOCK_OFFSET + word * 4));
  inner(constant(0), set(I));
  inner(whileLoop([...get(I), ...get(PREFIX_BYTES), op.ltU], [...get(I), ...get(I), op.load8, 0, ...unsigned(PREFIX_OFFSET), ...store8(BLOCK_OFFSET), ...get(I), ...constant(1), op.add, ...set(I)]));
  inner(get(POSITION), set(N), constant(1), set(DIGITS));
  inner(whileLoop([...get(N), ...constant(9), op.gtU], [...get(N), ...constant(10), op.divU, ...set(N), ...get(DIGITS), ...constant(1), op.add, ...set(DIGITS)]));
  inner(get(PREFIX_BYTES), get(DIGITS), op.add, tee(LENGTH), set(I), get(POSITION), set(N));
  // Digits from the last: do { i--; block[i] = '0' + n % 10; n /= 10 } while (i > prefixBytes)
  inner(op.loop, 0x40, get(I), constant(1), op.sub, tee(I), get(N), constant(10), op.remU, constant(48), op.add, store8(BLOCK_OFFSET));
  inner(get(N), constant(10), op.divU, set(N), get(I), get(PREFIX_BYTES), op.gtU, op.brIf, 0, op.end);
  inner(get(LENGTH), constant(0x80), store8(BLOCK_OFFSET), constant(0), get(LENGTH), constant(3), op.shl, store(BLOCK_OFFSET + 56));
  // The 64 steps, unrolled: a, b, c, d rotate one place per step.
  inner(constant(INITIAL[0]!), set(A), constant(INITIAL[1]!), set(B), constant(INITIAL[2]!), set(C), constant(INITIAL[3]!), set(D));
  const registers = [A, B, C, D];
  for (let step = 0; step < 64; step++) {
    const at = (index: number) => registers[(index - (step % 4) + 4) % 4]!;
    const [a, b, c, d] = [at(0), at(1), at(2), at(3)];
    const not = (local: number) => [...get(local), ...constant(-1), op.xor];
    let mixed: number[];
    let word: number;
    if (step < 16) [mixed, word] = [[...get(b), ...get(c), op.and, ...not(b), ...get(d), op.and, op.or], step];
    else if (step < 32) [mixed, word] = [[...get(d), ...get(b), op.and, ...not(d), ...get(c), op.and, op.or], (5 * step + 1) % 16];
    else if (step < 48) [mixed, word] = [[...get(b), ...get(c), op.xor, ...get(d), op.xor], (3 * step + 5) % 16];
    else [mixed, word] = [[...get(c), ...get(b), ...not(d), op.or, op.xor], (7 * step) % 16];
    const shift = SHIFTS[(step >> 4) * 4 + (step % 4)]!;
    // a = b + rotl(a + mixed + sine + block[word], shift)
    inner(get(b), get(a), mixed, op.add, constant(SINES[step]!), op.add, constant(0), load(BLOCK_OFFSET + word * 4), op.add, constant(shift), op.rotl, op.add, set(a));
  }
  inner(get(A), constant(INITIAL[0]!), op.add, set(A), get(B), constant(INITIAL[1]!), op.add, set(B));
  // The digest's first 8 bytes (a, then b, little-endian) as 16 lowercase hex chars.
  inner(get(K), constant(4), op.shl, constant(OUTPUT_OFFSET), op.add, set(OUT));
  for (let byte = 0; byte < 8; byte++) {
    const source = byte < 4 ? A : B;
    const shift = (byte % 4) * 8;
    for (const [nibbleShift, char] of [[shift + 4, 2 * byte], [shift, 2 * byte + 1]] as const) {
      // out[char] = nibble + '0', or + 'a' - 10 past 9
      inner(get(OUT), get(source), constant(nibbleShift), op.shrU, constant(15), op.and, tee(NIBBLE), constant(48), op.add);
      inner(get(NIBBLE), constant(9), op.gtU, constant(39), op.mul, op.add, store8(char));
    }
  }
  inner(get(K), constant(1), op.add, set(K));
  return [...constant(0), ...set(K), ...whileLoop([...get(K), ...get(COUNT), op.ltU], perPosition)];
}

function unsigned(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signed(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}
