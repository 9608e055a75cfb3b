import { Op, type OpGenerator } from "./op";
import type { Serdes } from "./serdes";
import type { Checked } from "./json-safe";
import type { NestedMeta } from "./op-meta";
import { defaultSerdes } from "./serdes";
import { checkFunction, checkName, checkOptions, where } from "./validation";
import { describe } from "./describe";
import { DurableUsageError } from "./errors";

/**
 * The options of a child context.
 * @example
 * yield* child("billing", billing, { subType: "Billing" });
 */
export interface ChildOptions<T> {
  serdes?: Serdes<T>;
  /** The SubType recorded on the CONTEXT; `RunInChildContext` by default. */
  subType?: string;
}

export class ChildOp<T> extends Op<T> {
  readonly kind = "child";
  constructor(
    readonly name: string,
    readonly body: () => OpGenerator<T>,
    readonly serdes: Serdes<T>,
    readonly subType: string,
  ) {
    super();
    Object.freeze(this);
  }
}

const CHILD_OPTIONS = ["serdes", "subType"];

/**
 * Runs `body` in a context of its own: its operations are grouped under it and its result is checkpointed once
 * (so it must survive JSON unless `serdes` is given); a replay of a completed child does not run its body.
 * @example
 * const fee = yield* child("billing", function* () {
 *   const rate = yield* step("rate", () => rateOf(input.plan));
 *   return yield* step("fee", () => rate * input.seats);
 * });
 */
export function child<T, Y extends Op<unknown> = Op<unknown>>(name: string, body: () => Generator<Y, T, unknown>, opts: ChildOptions<T> & { readonly serdes: Serdes<T> }): Op<T, NestedMeta<Y>>;
export function child<T, Y extends Op<unknown> = Op<unknown>>(name: string, body: (() => Generator<Y, T, unknown>) & (() => Generator<Y, Checked<T>, unknown>), opts?: ChildOptions<T>): Op<T, NestedMeta<Y>>;
export function child<T>(name: string, body: () => OpGenerator<T>, opts?: ChildOptions<T>): Op<T> {
  checkName("child", name);
  const at = where("child", name);
  checkFunction(at, "its body (a generator function)", body);
  checkOptions(at, opts, CHILD_OPTIONS);
  const subType = opts?.subType ?? "RunInChildContext";
  if (typeof subType !== "string" || subType.length === 0) {
    throw new DurableUsageError(`${at} subType must be a non-empty string, got ${describe(subType)}`);
  }
  return new ChildOp(name, body, opts?.serdes ?? (defaultSerdes as Serdes<T>), subType);
}
