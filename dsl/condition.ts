import { Op } from "./op";
import type { NoMeta } from "./op-meta";
import type { StepContext } from "./context";
import type { Serdes } from "./serdes";
import type { Checked } from "./json-safe";
import { defaultSerdes } from "./serdes";
import type { Duration } from "./duration";
import { backoff, type BackoffOptions } from "./backoff";
import { checkFunction, checkName, checkOptions, where } from "./validation";
import { DurableUsageError } from "./errors";

/**
 * After check number `attempt` produced `state`: stop, or poll again after `delay`. Throwing fails the operation.
 * @example
 * const everyMinute: WaitStrategy<{ done: boolean }> = (state) => state.done ? { continue: false } : { continue: true, delay: { minutes: 1 } };
 */
export type WaitStrategy<S> = (state: S, attempt: number) => { readonly continue: false } | { readonly continue: true; readonly delay: Duration };

/**
 * The options of waitForCondition: the first state, and when to poll again.
 * @example
 * yield* waitForCondition("ready", check, { initialState: { done: false }, wait: waitStrategy({ until: (s) => s.done }) });
 */
export interface WaitForConditionOptions<S> {
  initialState: S;
  wait: WaitStrategy<S>;
  serdes?: Serdes<S>;
}

/**
 * One poll: from the last state to the next (a step).
 * @example
 * const check: ConditionCheck<{ done: boolean }> = async () => ({ done: await isReady(jobId) });
 */
export type ConditionCheck<S> = (state: S, ctx: StepContext) => S | Promise<S>;

export class WaitForConditionOp<S> extends Op<S> {
  readonly kind = "waitForCondition";
  constructor(
    readonly name: string,
    readonly check: ConditionCheck<S>,
    readonly initialState: S,
    readonly strategy: WaitStrategy<S>,
    readonly serdes: Serdes<S>,
  ) {
    super();
    Object.freeze(this);
  }
}

const CONDITION_OPTIONS = ["initialState", "wait", "serdes"];

/**
 * Polls `check` (a step), carrying its state between polls, until the wait strategy says stop; gives the last
 * state. The state is checkpointed after every poll, so it must survive JSON unless `serdes` is given.
 * @example
 * const job = yield* waitForCondition("export-done", async (state: { status: string }) => ({ status: await statusOf(id) }), {
 *   initialState: { status: "QUEUED" },
 *   wait: waitStrategy({ until: (s) => s.status === "DONE", maxAttempts: 20, initialDelay: 10 }),
 * });
 */
export function waitForCondition<S>(name: string, check: ConditionCheck<S>, opts: WaitForConditionOptions<S> & { readonly serdes: Serdes<S> }): Op<S, NoMeta>;
export function waitForCondition<S>(name: string, check: ConditionCheck<S> & ((state: S, ctx: StepContext) => Checked<S> | Promise<Checked<S>>), opts: WaitForConditionOptions<S>): Op<S, NoMeta>;
export function waitForCondition<S>(name: string, check: ConditionCheck<S>, opts: WaitForConditionOptions<S>): Op<S> {
  checkName("waitForCondition", name);
  const at = where("waitForCondition", name);
  checkFunction(at, "its check", check);
  if (opts === undefined) throw new DurableUsageError(`${at} needs options { initialState, wait }`);
  checkOptions(at, opts, CONDITION_OPTIONS);
  if (!("initialState" in opts)) throw new DurableUsageError(`${at} needs an initialState option`);
  checkFunction(at, "its wait option (a WaitStrategy, see waitStrategy())", opts.wait);
  return new WaitForConditionOp(name, check, opts.initialState, opts.wait, opts.serdes ?? (defaultSerdes as Serdes<S>));
}

/**
 * The options of waitStrategy(): when the condition is met, and the backoff between polls.
 * @example
 * waitStrategy({ until: (s: { done: boolean }) => s.done, maxAttempts: 30, initialDelay: 5 });
 */
export interface WaitStrategyOptions<S> extends BackoffOptions {
  until: (state: S) => boolean;
}

const WAIT_STRATEGY_OPTIONS = ["until", "maxAttempts", "initialDelay", "maxDelay", "backoffRate", "jitter"];

/**
 * Polls until `until(state)`: delay = min(initialDelay * backoffRate^(attempt-1), maxDelay), jittered, whole
 * seconds >= 1. When check number maxAttempts ends without `until`, the operation fails.
 * @example
 * waitStrategy<{ status: string }>({ until: (s) => s.status === "DONE", initialDelay: 10, backoffRate: 1.5, maxDelay: 120, maxAttempts: 20 });
 */
export function waitStrategy<S>(options: WaitStrategyOptions<S>): WaitStrategy<S> {
  if (options === undefined) throw new DurableUsageError("waitStrategy() needs options with an `until` function");
  checkOptions("waitStrategy()", options, WAIT_STRATEGY_OPTIONS);
  checkFunction("waitStrategy()", "until", options.until);
  const delays = backoff("waitStrategy()", options, { maxAttempts: 60, initialDelay: 5, maxDelay: 300, backoffRate: 1.5, jitter: "full" });
  const until = options.until;
  return (state, attempt) => {
    if (until(state)) return { continue: false };
    if (attempt >= delays.maxAttempts) throw new Error(`the condition was still not met after ${delays.maxAttempts} checks`);
    return { continue: true, delay: delays.delayAfter(attempt) };
  };
}
