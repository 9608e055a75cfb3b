import { DurableUsageError } from "./errors";
import { describe } from "./describe";
import type { Duration } from "./duration";
import { backoff, type BackoffOptions } from "./backoff";
import { checkOptions } from "./validation";

/**
 * What a retry strategy decides: stop, or try again after `delay`.
 * @example
 * const decide = (error: Error, attempt: number): RetryDecision => attempt < 3 ? { retry: true, delay: 10 } : { retry: false };
 */
export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly delay: Duration };

/**
 * Decides, after attempt number `attempt` failed with `error`, whether to try again and after how long.
 * @example
 * const onlyThrottles: RetryStrategy = (error, attempt) => attempt < 5 && error.name === "ThrottlingException" ? { retry: true, delay: 2 ** attempt } : { retry: false };
 */
export type RetryStrategy = (error: Error, attempt: number) => RetryDecision;

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The options of `retry()`: the backoff, and which errors are worth retrying.
 * @example
 * retry({ maxAttempts: 5, retryable: ["ThrottlingException", /timed out/, NetworkError] });
 */
export interface RetryOptions extends BackoffOptions {
  /**
   * Which errors are retried (all when omitted): a string matches an error whose name equals it or whose
   * message contains it, a RegExp is tested against the message, a class matches its instances.
   */
  retryable?: readonly (string | RegExp | ErrorClass)[];
}

const RETRY_OPTIONS = ["maxAttempts", "initialDelay", "maxDelay", "backoffRate", "jitter", "retryable"];

/**
 * Exponential backoff: delay = min(initialDelay * backoffRate^(attempt-1), maxDelay), jittered, whole seconds >= 1.
 * @example
 * yield* step("charge", () => charge(order), { retry: retry({ maxAttempts: 3, initialDelay: { seconds: 2 }, retryable: [/timeout/] }) });
 */
export function retry(options: RetryOptions = {}): RetryStrategy {
  checkOptions("retry()", options, RETRY_OPTIONS);
  const delays = backoff("retry()", options, { maxAttempts: 3, initialDelay: 5, maxDelay: 300, backoffRate: 2, jitter: "full" });
  const retryable = options.retryable;
  if (retryable !== undefined && !Array.isArray(retryable)) {
    throw new DurableUsageError(`retry() retryable must be an array of strings, RegExps or error classes, got ${describe(retryable)}`);
  }
  return (error, attempt) => {
    if (attempt >= delays.maxAttempts) return { retry: false };
    if (retryable !== undefined && !retryable.some((matcher) => matches(matcher, error))) return { retry: false };
    return { retry: true, delay: delays.delayAfter(attempt) };
  };
}

function matches(matcher: string | RegExp | ErrorClass, error: Error): boolean {
  if (typeof matcher === "string") return error.name === matcher || error.message.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(error.message);
  return error instanceof matcher;
}

/**
 * Ready-made strategies: `default` (what steps use when given none) and `none`.
 * @example
 * yield* step("send-once", () => send(mail), { retry: retryPresets.none });
 */
export const retryPresets = Object.freeze({
  /** 6 attempts, 5 s, x2, at most 60 s, full jitter: the service-wide convention and the steps' default. */
  default: retry({ maxAttempts: 6, initialDelay: 5, maxDelay: 60, backoffRate: 2, jitter: "full" }),
  /** One attempt: a failure is final. */
  none: retry({ maxAttempts: 1 }),
});
