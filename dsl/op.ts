/** The kinds of operation descriptor; the interpreter has one runner per kind. */
export type OpKind =
  | "step"
  | "wait"
  | "invoke"
  | "createCallback"
  | "callbackResult"
  | "waitForCallback"
  | "waitForCondition"
  | "child"
  | "batch"
  | "combinator"
  | "patch";

import type { OpMeta } from "./op-meta";

/**
 * Marks descriptors across copies of this library: a module loaded by the CLI, or bundled twice, may build them
 * with another copy of the class, and `instanceof` would then say no.
 */
const OP_BRAND = Symbol.for("durable-gen/op");

/**
 * @internal Told of every descriptor built while the interpreter resumes workflow code, so that one built and never
 * yielded (a forgotten `yield*`) can be reported; descriptors in HELD are kept on purpose (a saga's undos).
 */
export const BUILD_WATCH: { watcher: ((op: Op<unknown>) => void) | undefined } = { watcher: undefined };
export const HELD = new WeakSet<Op<unknown>>();

/**
 * An operation descriptor: frozen data that says what to do. Yielding it with `yield*` hands it to the
 * interpreter and gives back its typed result; plain `yield` works too, untyped.
 * @example
 * const price: Op<number> = step("price", () => 42);
 * const total = yield* price; // number
 */
export abstract class Op<T, M extends OpMeta = OpMeta> {
  abstract readonly kind: OpKind;
  /**
   * @internal The run that yielded this descriptor. A descriptor stands for one operation; yielding it again would
   * silently run a second operation under the same name, so the interpreter refuses that. The one mutable part of a
   * frozen descriptor, in an object of its own. Measured on 3,000 replayed steps: this costs about 0.1 ms; a
   * symbol-keyed slot cost 0.3 ms and a WeakSet of yielded descriptors per run 0.3 to 1 ms.
   */
  readonly yieldedIn: { run: object | undefined } = { run: undefined };

  constructor() {
    BUILD_WATCH.watcher?.(this);
  }
  /** Undefined only for the unnamed inner operations of a composite (the composite carries the name). */
  abstract readonly name: string | undefined;

  /** Types only (never set): what runLocal may be given for this operation. */
  declare readonly meta?: M;

  *[Symbol.iterator](): Generator<Op<unknown, M>, T, unknown> {
    return (yield this) as T;
  }

  /** On the prototype (below), a data property: read once per yielded descriptor, where a getter is a call. */
  declare readonly [OP_BRAND]: true;
}
Object.defineProperty(Op.prototype, OP_BRAND, { value: true });

/**
 * The body of a workflow, a child context or a batch item.
 * @example
 * function* reserve(sku: string): OpGenerator<boolean> { return yield* step(`reserve-${sku}`, () => reserveStock(sku)); }
 */
export type OpGenerator<T> = Generator<Op<unknown>, T, unknown>;

export function isOp(value: unknown): value is Op<unknown> {
  return typeof value === "object" && value !== null && (value as { [OP_BRAND]?: unknown })[OP_BRAND] === true;
}
