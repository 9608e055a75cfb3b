import { Op, isOp } from "./op";
import type { NestedMeta } from "./op-meta";
import { DurableUsageError } from "./errors";
import { describe } from "./describe";
import { checkName } from "./validation";

/**
 * The results of a tuple of operations, as a tuple.
 * @example
 * type Both = ResultsOf<[Op<number>, Op<string>]>; // [number, string]
 */
export type ResultsOf<T extends readonly Op<unknown>[]> = { -readonly [K in keyof T]: T[K] extends Op<infer R> ? R : never };

/**
 * One outcome of allSettled.
 * @example
 * const [a] = yield* allSettled("try", [step("a", () => 1)]);
 * if (a.status === "fulfilled") console.log(a.value); else console.log(a.reason.message);
 */
export type Settled<R> = { readonly status: "fulfilled"; readonly value: R } | { readonly status: "rejected"; readonly reason: Error };
/**
 * The outcomes of a tuple of operations, as a tuple of Settled.
 * @example
 * type Outcomes = SettledOf<[Op<number>]>; // [Settled<number>]
 */
export type SettledOf<T extends readonly Op<unknown>[]> = { -readonly [K in keyof T]: T[K] extends Op<infer R> ? Settled<R> : never };

export type CombinatorKind = "all" | "allSettled" | "race" | "any";

/**
 * Thrown by `any` when every participant failed; `errors` are theirs, in participant order.
 * @example
 * try { yield* any("mirror", [step("eu", fetchEu), step("us", fetchUs)]); } catch (e) { if (e instanceof AllFailedError) console.log(e.errors.length); }
 */
export class AllFailedError extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(`all ${errors.length} operations failed: ${errors.map((error) => error.message).join("; ")}`);
    this.name = "AllFailedError";
  }
}

/**
 * Runs operations of the same context concurrently and combines their outcomes. The participants take their
 * positions in order, as if yielded one after the other; the combinator then records its decision as a
 * CONTEXT named like the combinator (see the combinator runner). `name` is undefined
 * for the unnamed form, whose record has no Name (as histories made before names were taken).
 */
export class CombinatorOp<T> extends Op<T> {
  readonly kind = "combinator";
  constructor(readonly combinator: CombinatorKind, readonly name: string | undefined, readonly participants: readonly Op<unknown>[]) {
    super();
    Object.freeze(this);
  }
}

/** The arguments of a combinator: `(name, ops)`, or `(ops)` for the unnamed form. */
function combinator<T>(kind: CombinatorKind, nameOrOps: string | readonly Op<unknown>[], named: readonly Op<unknown>[] | undefined): Op<T> {
  const name = typeof nameOrOps === "string" || named !== undefined ? checkName(kind, nameOrOps) : undefined;
  const ops = name === undefined ? nameOrOps : named;
  if (!Array.isArray(ops)) throw new DurableUsageError(`${kind}() needs an array of operations, got ${describe(ops)}`);
  (ops as readonly unknown[]).forEach((op, index) => {
    if (!isOp(op)) throw new DurableUsageError(`${kind}() needs operations (step(), wait(), ...), got ${describe(op)} at index ${index}`);
    const first = ops.indexOf(op);
    if (first !== index) {
      throw new DurableUsageError(`${kind}() got the same operation at index ${first} and ${index}: each participant is an operation of its own, so build one descriptor per participant`);
    }
  });
  if (ops.length === 0 && (kind === "race" || kind === "any")) throw new DurableUsageError(`${kind}() needs at least one operation`);
  return new CombinatorOp<T>(kind, name, ops.slice());
}

/**
 * All results, as a tuple; throws the first failure. `name` names the recorded decision.
 * @example
 * const [user, prefs] = yield* all("profile", [step("user", () => loadUser(id)), step("prefs", () => loadPrefs(id))]);
 */
export function all<const T extends readonly Op<unknown>[]>(name: string, ops: T): Op<ResultsOf<T>, NestedMeta<T[number]>>;
export function all<const T extends readonly Op<unknown>[]>(ops: T): Op<ResultsOf<T>, NestedMeta<T[number]>>;
export function all(nameOrOps: string | readonly Op<unknown>[], ops?: readonly Op<unknown>[]): Op<unknown> {
  return combinator("all", nameOrOps, ops);
}

/**
 * Every outcome, as a tuple of { status, value | reason }; never throws. `name` names it in progress and timeline.
 * @example
 * const [email, sms] = yield* allSettled("notify", [step("email", sendEmail), step("sms", sendSms)]);
 */
export function allSettled<const T extends readonly Op<unknown>[]>(name: string, ops: T): Op<SettledOf<T>, NestedMeta<T[number]>>;
export function allSettled<const T extends readonly Op<unknown>[]>(ops: T): Op<SettledOf<T>, NestedMeta<T[number]>>;
export function allSettled(nameOrOps: string | readonly Op<unknown>[], ops?: readonly Op<unknown>[]): Op<unknown> {
  return combinator("allSettled", nameOrOps, ops);
}

/**
 * The outcome of the first operation to complete, success or failure. Typed `T | undefined`: the winner's result
 * type is one of the participants', and an operation such as wait() gives undefined.
 * @example
 * const answer = yield* race("approval-or-timeout", [handle.result, wait("timeout", { hours: 1 })]);
 * if (answer === undefined) return "timed out";
 */
export function race<const T extends readonly Op<unknown>[]>(name: string, ops: T): Op<ResultsOf<T>[number] | undefined, NestedMeta<T[number]>>;
export function race<const T extends readonly Op<unknown>[]>(ops: T): Op<ResultsOf<T>[number] | undefined, NestedMeta<T[number]>>;
export function race(nameOrOps: string | readonly Op<unknown>[], ops?: readonly Op<unknown>[]): Op<unknown> {
  return combinator("race", nameOrOps, ops);
}

/**
 * The result of the first operation to succeed; AllFailedError when all fail.
 * @example
 * const quote = yield* any("quote", [step("a", () => quoteA()), step("b", () => quoteB())]);
 */
export function any<const T extends readonly Op<unknown>[]>(name: string, ops: T): Op<ResultsOf<T>[number], NestedMeta<T[number]>>;
export function any<const T extends readonly Op<unknown>[]>(ops: T): Op<ResultsOf<T>[number], NestedMeta<T[number]>>;
export function any(nameOrOps: string | readonly Op<unknown>[], ops?: readonly Op<unknown>[]): Op<unknown> {
  return combinator("any", nameOrOps, ops);
}
