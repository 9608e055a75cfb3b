/**
 * Assembles md5-wasm.ts's WebAssembly module from MD5's definition (RFC 1321): what its bytes compute, readable.
 * Not run by the library: assembling it at import took 2.4 to 3.7 ms in a fresh process (bytecode), against 0.2 ms
 * for V8 to compile the bytes, so the bytes ship in md5-wasm-bytes.ts and ids.test.ts checks they are these.
 */
import { OUTPUT_OFFSET, PREFIX_OFFSET } from "./md5-wasm";

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

/** The module: one function, `ids`, and one page of memory, both exported. */
export function md5ModuleBytes(): Uint8Array {
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

/** The function's instructions, appended to one array. */
function functionBody(): number[] {
  const code: number[] = [];
  const get = (local: number) => code.push(op.localGet, local);
  const set = (local: number) => code.push(op.localSet, local);
  const tee = (local: number) => code.push(op.localTee, local);
  const constant = (value: number) => {
    code.push(op.const);
    pushSigned(code, value);
  };
  const memory = (instruction: number, alignment: number, offset: number) => {
    code.push(instruction, alignment);
    pushUnsigned(code, offset);
  };
  const load = (offset: number) => memory(op.load, 2, offset);
  const store = (offset: number) => memory(op.store, 2, offset);
  const store8 = (offset: number) => memory(op.store8, 0, offset);
  const add = (local: number, value: number) => {
    get(local);
    constant(value);
    code.push(op.add);
    set(local);
  };
  /** `while (condition) { body }`, the condition leaving 1 to go on. */
  const whileLoop = (condition: () => void, body: () => void) => {
    code.push(op.block, 0x40, op.loop, 0x40);
    condition();
    code.push(op.eqz, op.brIf, 1);
    body();
    code.push(op.br, 0, op.end, op.end);
  };
  const below = (left: number, right: number) => () => {
    get(left);
    get(right);
    code.push(op.ltU);
  };

  constant(0);
  set(K);
  // for (k = 0; k < count; k++): the id of position from + k.
  whileLoop(below(K, COUNT), () => {
    get(FROM);
    get(K);
    code.push(op.add);
    set(POSITION);
    // The block: zeroed, the prefix, the position's digits, the 0x80 terminator, the length in bits.
    for (let word = 0; word < 16; word++) {
      constant(0);
      constant(0);
      store(BLOCK_OFFSET + word * 4);
    }
    constant(0);
    set(I);
    whileLoop(below(I, PREFIX_BYTES), () => {
      get(I);
      get(I);
      memory(op.load8, 0, PREFIX_OFFSET);
      store8(BLOCK_OFFSET);
      add(I, 1);
    });
    get(POSITION);
    set(N);
    constant(1);
    set(DIGITS);
    whileLoop(() => {
      get(N);
      constant(9);
      code.push(op.gtU);
    }, () => {
      get(N);
      constant(10);
      code.push(op.divU);
      set(N);
      add(DIGITS, 1);
    });
    get(PREFIX_BYTES);
    get(DIGITS);
    code.push(op.add);
    tee(LENGTH);
    set(I);
    get(POSITION);
    set(N);
    // Digits from the last: do { i--; block[i] = '0' + n % 10; n /= 10 } while (i > prefixBytes)
    code.push(op.loop, 0x40);
    get(I);
    constant(1);
    code.push(op.sub);
    tee(I);
    get(N);
    constant(10);
    code.push(op.remU);
    constant(48);
    code.push(op.add);
    store8(BLOCK_OFFSET);
    get(N);
    constant(10);
    code.push(op.divU);
    set(N);
    get(I);
    get(PREFIX_BYTES);
    code.push(op.gtU, op.brIf, 0, op.end);
    get(LENGTH);
    constant(0x80);
    store8(BLOCK_OFFSET);
    constant(0);
    get(LENGTH);
    constant(3);
    code.push(op.shl);
    store(BLOCK_OFFSET + 56);
    // The 64 steps, unrolled: a, b, c, d rotate one place per step.
    const registers = [A, B, C, D];
    registers.forEach((register, index) => {
      constant(INITIAL[index]!);
      set(register);
    });
    for (let step = 0; step < 64; step++) {
      const at = (index: number) => registers[(index - (step % 4) + 4) % 4]!;
      const [a, b, c, d] = [at(0), at(1), at(2), at(3)];
      const not = (local: number) => {
        get(local);
        constant(-1);
        code.push(op.xor);
      };
      // a = b + rotl(a + mixed + sine + block[word], shift)
      get(b);
      get(a);
      let word: number;
      if (step < 16) {
        get(b); get(c); code.push(op.and); not(b); get(d); code.push(op.and, op.or);
        word = step;
      } else if (step < 32) {
        get(d); get(b); code.push(op.and); not(d); get(c); code.push(op.and, op.or);
        word = (5 * step + 1) % 16;
      } else if (step < 48) {
        get(b); get(c); code.push(op.xor); get(d); code.push(op.xor);
        word = (3 * step + 5) % 16;
      } else {
        get(c); get(b); not(d); code.push(op.or, op.xor);
        word = (7 * step) % 16;
      }
      code.push(op.add);
      constant(SINES[step]!);
      code.push(op.add);
      constant(0);
      load(BLOCK_OFFSET + word * 4);
      code.push(op.add);
      constant(SHIFTS[(step >> 4) * 4 + (step % 4)]!);
      code.push(op.rotl, op.add);
      set(a);
    }
    add(A, INITIAL[0]!);
    add(B, INITIAL[1]!);
    // The digest's first 8 bytes (a, then b, little-endian) as 16 lowercase hex chars.
    get(K);
    constant(4);
    code.push(op.shl);
    constant(OUTPUT_OFFSET);
    code.push(op.add);
    set(OUT);
    for (let byte = 0; byte < 8; byte++) {
      const source = byte < 4 ? A : B;
      const shift = (byte % 4) * 8;
      for (const [nibbleShift, char] of [[shift + 4, 2 * byte], [shift, 2 * byte + 1]] as const) {
        // out[char] = nibble + '0', or + 'a' - 10 past 9
        get(OUT);
        get(source);
        constant(nibbleShift);
        code.push(op.shrU);
        constant(15);
        code.push(op.and);
        tee(NIBBLE);
        constant(48);
        code.push(op.add);
        get(NIBBLE);
        constant(9);
        code.push(op.gtU);
        constant(39);
        code.push(op.mul, op.add);
        store8(char);
      }
    }
    add(K, 1);
  });
  return code;
}

function unsigned(value: number): number[] {
  const bytes: number[] = [];
  pushUnsigned(bytes, value);
  return bytes;
}

/** LEB128, as WebAssembly writes lengths, indices and offsets. */
function pushUnsigned(bytes: number[], value: number): void {
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
}

/** Signed LEB128, as WebAssembly writes i32 constants. */
function pushSigned(bytes: number[], value: number): void {
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return;
    }
    bytes.push(byte | 0x80);
  }
}
