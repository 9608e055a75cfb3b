import { Op, isOp } from "./op";
import { DurableUsageError } from "./errors";
import { describe } from "./duration";

/** The results of a tuple of operations, as a tuple. */
export type ResultsOf<T extends readonly Op<unknown>[]> = { -readonly [K in keyof T]: T[K] extends Op<infer R> ? R : never };

export type Settled<R> = { readonly status: "fulfilled"; readonly value: R } | { readonly status: "rejected"; readonly reason: Error };
export type SettledOf<T extends readonly Op<unknown>[]> = { -readonly [K in keyof T]: T[K] extends Op<infer R> ? Settled<R> : never };

export type CombinatorKind = "all" | "allSettled" | "race" | "any";

/** Thrown by `any` when every participant failed; `errors` are theirs, in participant order. */
export class AllFailedError extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(`all ${errors.length} operations failed: ${errors.map((error) => error.message).join("; ")}`);
    this.name = "AllFailedError";
  }
}

/**
 * Runs operations of the same context concurrently and combines their outcomes. The participants take their
 * positions in order, as if yielded one after the other; all, race and any then record their decision (see the
 * combinator runner), allSettled needs no record.
 */
export class CombinatorOp<T> extends Op<T> {
  readonly kind = "combinator";
  readonly name = undefined;
  constructor(readonly combinator: CombinatorKind, readonly participants: readonly Op<unknown>[]) {
    super();
    Object.freeze(this);
  }
}

function combinator<T>(kind: CombinatorKind, ops: readonly Op<unknown>[]): Op<T> {
  if (!Array.isArray(ops)) throw new DurableUsageError(`${kind}() needs an array of operations, got ${describe(ops)}`);
  ops.forEach((op, index) => {
    if (!isOp(op)) throw new DurableUsageError(`${kind}() needs operations (step(), wait(), ...), got ${describe(op)} at index ${index}`);
    const first = ops.indexOf(op);
    if (first !== index) {
      throw new DurableUsageError(`${kind}() got the same operation at index ${first} and ${index}: each participant is an operation of its own, so build one descriptor per participant`);
    }
  });
  if (ops.length === 0 && (kind === "race" || kind === "any")) throw new DurableUsageError(`${kind}() needs at least one operation`);
  return new CombinatorOp<T>(kind, ops.slice());
}

/** All results, as a tuple; throws the first failure. */
export function all<const T extends readonly Op<unknown>[]>(ops: T): Op<ResultsOf<T>> {
  return combinator("all", ops);
}

/** Every outcome, as a tuple of { status, value | reason }; never throws. */
export function allSettled<const T extends readonly Op<unknown>[]>(ops: T): Op<SettledOf<T>> {
  return combinator("allSettled", ops);
}

/** The outcome of the first operation to complete, success or failure. */
export function race<const T extends readonly Op<unknown>[]>(ops: T): Op<ResultsOf<T>[number]> {
  return combinator("race", ops);
}

/** The result of the first operation to succeed; AllFailedError when all fail. */
export function any<const T extends readonly Op<unknown>[]>(ops: T): Op<ResultsOf<T>[number]> {
  return combinator("any", ops);
}
