import { Op } from "./op";
import type { StepContext } from "./context";
import type { RetryStrategy } from "./retry";
import { retryPresets } from "./retry";
import type { Serdes } from "./serdes";
import type { Checked } from "./json-safe";
import type { StepMeta } from "./op-meta";
import { defaultSerdes } from "./serdes";
import { describe } from "./describe";
import { toSeconds, type Duration } from "./duration";
import { checkFunction, checkName, checkOptions, where } from "./validation";
import { DurableUsageError } from "./errors";

/**
 * at-least-once (default): a crash mid-attempt runs it again; at-most-once: never runs an attempt twice.
 * @example
 * yield* step("charge", () => charge(order), { semantics: "at-most-once" });
 */
export type StepSemantics = "at-least-once" | "at-most-once";

/**
 * The options of a step.
 * @example
 * yield* step("charge", () => charge(order), { semantics: "at-most-once", retry: retry({ maxAttempts: 3 }), timeout: { seconds: 30 } });
 */
export interface StepOptions<T> {
  retry?: RetryStrategy;
  semantics?: StepSemantics;
  serdes?: Serdes<T>;
  timeout?: Duration;
}

/**
 * A step's function: runs outside replay, may be async; what it returns is checkpointed.
 * @example
 * const fetchPrice: StepFunction<number> = async (ctx) => (await fetch(url, { signal: ctx.signal })).json() as Promise<number>;
 */
export type StepFunction<T> = (ctx: StepContext) => T | Promise<T>;

export class StepOp<T> extends Op<T> {
  readonly kind = "step";
  constructor(
    readonly name: string | undefined,
    readonly fn: StepFunction<T>,
    readonly retry: RetryStrategy,
    readonly semantics: StepSemantics,
    readonly serdes: Serdes<T>,
    readonly timeoutSeconds: number | undefined,
  ) {
    super();
    Object.freeze(this);
  }
}

const STEP_OPTIONS = ["retry", "semantics", "serdes", "timeout"];

/**
 * A step: runs `fn` once (retrying it on failure by `retry`), checkpoints its result, and on replay gives the
 * recorded result without running it again. The result must survive JSON (see `JsonSafe`) unless `serdes` is given.
 * @example
 * const total = yield* step("price", async () => priceOf(order));            // number
 * const at = yield* step("now", () => new Date().toISOString());             // a string, not a Date
 * yield* step("charge", (ctx) => charge(order, ctx.attempt), { semantics: "at-most-once", retry: retry({ maxAttempts: 3 }) });
 */
export function step<T, N extends string = string>(name: N, fn: StepFunction<T>, opts: StepOptions<T> & { readonly serdes: Serdes<T> }): Op<T, StepMeta<N, T>>;
export function step<T, N extends string = string>(name: N, fn: StepFunction<T> & ((ctx: StepContext) => Checked<T> | Promise<Checked<T>>), opts?: StepOptions<T>): Op<T, StepMeta<N, T>>;
export function step<T>(name: string, fn: StepFunction<T>, opts?: StepOptions<T>): Op<T> {
  checkName("step", name);
  // The common call builds no message text: where() ran for every step of a first replay, 1.2 ms of 3,000 steps'
  // 39 ms on a loaded machine (`node --cpu-prof` of `npm run bench`'s "first replay" process).
  if (opts === undefined && typeof fn === "function") return new StepOp(name, fn, retryPresets.default, "at-least-once", defaultSerdes as Serdes<T>, undefined);
  return stepOp(name, fn, opts, where("step", name));
}

/** A step descriptor without the name check: composites build their unnamed inner steps with it. */
export function stepOp<T>(name: string | undefined, fn: StepFunction<T>, opts: StepOptions<T> | undefined, at: string): StepOp<T> {
  checkFunction(at, "its function", fn);
  checkOptions(at, opts, STEP_OPTIONS);
  const semantics = opts?.semantics ?? "at-least-once";
  if (semantics !== "at-least-once" && semantics !== "at-most-once") {
    throw new DurableUsageError(`${at} semantics must be "at-least-once" or "at-most-once", got ${describe(semantics)}`);
  }
  if (opts?.retry !== undefined) checkFunction(at, "retry (a RetryStrategy)", opts.retry);
  const timeoutSeconds = opts?.timeout === undefined ? undefined : toSeconds(opts.timeout, `${at} timeout`);
  if (timeoutSeconds === 0) throw new DurableUsageError(`${at} timeout must be at least 1 second`);
  return new StepOp(name, fn, opts?.retry ?? retryPresets.default, semantics, opts?.serdes ?? (defaultSerdes as Serdes<T>), timeoutSeconds);
}
