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
}

/** The body of a workflow, a child context or a batch item. */
export type OpGenerator<T> = Generator<Op<unknown>, T, unknown>;

export function isOp(value: unknown): value is Op<unknown> {
  return value instanceof Op;
}
