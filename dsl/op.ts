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
  | "combinator";

/**
 * Marks descriptors across copies of this library: a module loaded by the CLI, or bundled twice, may build them
 * with another copy of the class, and `instanceof` would then say no.
 */
const OP_BRAND = Symbol.for("durable-gen/op");

/**
 * An operation descriptor: frozen data that says what to do. Yielding it with `yield*` hands it to the
 * interpreter and gives back its typed result; plain `yield` works too, untyped.
 */
export abstract class Op<T> {
  abstract readonly kind: OpKind;
  /** Undefined only for the unnamed inner operations of a composite (the composite carries the name). */
  abstract readonly name: string | undefined;

  *[Symbol.iterator](): Generator<Op<unknown>, T, unknown> {
    return (yield this) as T;
  }

  get [OP_BRAND](): true {
    return true;
  }
}

/** The body of a workflow, a child context or a batch item. */
export type OpGenerator<T> = Generator<Op<unknown>, T, unknown>;

export function isOp(value: unknown): value is Op<unknown> {
  return typeof value === "object" && value !== null && (value as { [OP_BRAND]?: unknown })[OP_BRAND] === true;
}
