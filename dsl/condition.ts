import { Op } from "./op";
import type { StepContext } from "./context";
import type { Serdes } from "./serdes";
import { defaultSerdes } from "./serdes";
import { describe, toSeconds, type Duration } from "./duration";
import { jittered, type Jitter } from "./retry";
import { checkFunction, checkName, checkOptions, where } from "./names";
import { DurableUsageError } from "./errors";

/** After check number `attempt` produced `state`: stop, or poll again after `delay`. Throwing fails the operation. */
export type WaitStrategy<S> = (state: S, attempt: number) => { readonly continue: false } | { readonly continue: true; readonly delay: Duration };

export interface WaitForConditionOptions<S> {
  initialState: S;
  wait: WaitStrategy<S>;
  serdes?: Serdes<S>;
}

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

/** Polls `check` (a step), carrying its state between polls, until the wait strategy says stop. */
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

export interface WaitStrategyOptions<S> {
  until: (state: S) => boolean;
  /** Checks in all, the first included; when the last one ends without `until`, the operation fails. */
  maxAttempts?: number;
  initialDelay?: Duration;
  maxDelay?: Duration;
  backoffRate?: number;
  jitter?: Jitter;
}

const WAIT_STRATEGY_OPTIONS = ["until", "maxAttempts", "initialDelay", "maxDelay", "backoffRate", "jitter"];

/** delay = min(initialDelay * backoffRate^(attempt-1), maxDelay), jittered, whole seconds >= 1. */
export function waitStrategy<S>(options: WaitStrategyOptions<S>): WaitStrategy<S> {
  checkOptions("waitStrategy()", options, WAIT_STRATEGY_OPTIONS);
  if (options === undefined) throw new DurableUsageError("waitStrategy() needs options with an `until` function");
  checkFunction("waitStrategy()", "until", options.until);
  const maxAttempts = options.maxAttempts ?? 60;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new DurableUsageError(`waitStrategy() maxAttempts must be a whole number >= 1, got ${describe(options.maxAttempts)}`);
  }
  const initialDelay = toSeconds(options.initialDelay ?? 5, "waitStrategy() initialDelay");
  const maxDelay = toSeconds(options.maxDelay ?? 300, "waitStrategy() maxDelay");
  const backoffRate = options.backoffRate ?? 1.5;
  if (typeof backoffRate !== "number" || !Number.isFinite(backoffRate) || backoffRate < 1) {
    throw new DurableUsageError(`waitStrategy() backoffRate must be a number >= 1, got ${describe(options.backoffRate)}`);
  }
  const jitter = options.jitter ?? "full";
  if (jitter !== "full" && jitter !== "half" && jitter !== "none") {
    throw new DurableUsageError(`waitStrategy() jitter must be one of full, half, none, got ${describe(options.jitter)}`);
  }
  const until = options.until;
  return (state, attempt) => {
    if (until(state)) return { continue: false };
    if (attempt >= maxAttempts) throw new Error(`the condition was still not met after ${maxAttempts} checks`);
    return { continue: true, delay: jittered(Math.min(initialDelay * backoffRate ** (attempt - 1), maxDelay), jitter) };
  };
}
