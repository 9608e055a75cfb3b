import { DurableUsageError } from "./errors";
import { describe, toSeconds, type Duration } from "./duration";

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly delay: Duration };

/** Decides, after attempt number `attempt` failed with `error`, whether to try again and after how long. */
export type RetryStrategy = (error: Error, attempt: number) => RetryDecision;

export type Jitter = "full" | "half" | "none";

type ErrorClass = abstract new (...args: never[]) => Error;

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  initialDelay?: Duration;
  maxDelay?: Duration;
  backoffRate?: number;
  jitter?: Jitter;
  /**
   * Which errors are retried (all when omitted): a string matches an error whose name equals it or whose
   * message contains it, a RegExp is tested against the message, a class matches its instances.
   */
  retryable?: readonly (string | RegExp | ErrorClass)[];
}

const RETRY_OPTIONS = ["maxAttempts", "initialDelay", "maxDelay", "backoffRate", "jitter", "retryable"];
const JITTERS: readonly Jitter[] = ["full", "half", "none"];

/** Exponential backoff: delay = min(initialDelay * backoffRate^(attempt-1), maxDelay), jittered, whole seconds >= 1. */
export function retry(options: RetryOptions = {}): RetryStrategy {
  if (options === null || typeof options !== "object") {
    throw new DurableUsageError(`retry() options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!RETRY_OPTIONS.includes(key)) {
      throw new DurableUsageError(`retry() has an unknown option "${key}" (allowed: ${RETRY_OPTIONS.join(", ")})`);
    }
  }
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new DurableUsageError(`retry() maxAttempts must be a whole number >= 1, got ${describe(options.maxAttempts)}`);
  }
  const initialDelay = toSeconds(options.initialDelay ?? 5, "retry() initialDelay");
  const maxDelay = toSeconds(options.maxDelay ?? 300, "retry() maxDelay");
  const backoffRate = options.backoffRate ?? 2;
  if (typeof backoffRate !== "number" || !Number.isFinite(backoffRate) || backoffRate < 1) {
    throw new DurableUsageError(`retry() backoffRate must be a number >= 1, got ${describe(options.backoffRate)}`);
  }
  const jitter = options.jitter ?? "full";
  if (!JITTERS.includes(jitter)) {
    throw new DurableUsageError(`retry() jitter must be one of ${JITTERS.join(", ")}, got ${describe(options.jitter)}`);
  }
  const retryable = options.retryable;
  if (retryable !== undefined && !Array.isArray(retryable)) {
    throw new DurableUsageError(`retry() retryable must be an array of strings, RegExps or error classes, got ${describe(retryable)}`);
  }
  return (error, attempt) => {
    if (attempt >= maxAttempts) return { retry: false };
    if (retryable !== undefined && !retryable.some((matcher) => matches(matcher, error))) return { retry: false };
    const base = Math.min(initialDelay * backoffRate ** (attempt - 1), maxDelay);
    return { retry: true, delay: jittered(base, jitter) };
  };
}

export function jittered(seconds: number, jitter: Jitter): number {
  const value = jitter === "full" ? Math.random() * seconds : jitter === "half" ? seconds / 2 + (Math.random() * seconds) / 2 : seconds;
  return Math.max(1, Math.round(value));
}

function matches(matcher: string | RegExp | ErrorClass, error: Error): boolean {
  if (typeof matcher === "string") return error.name === matcher || error.message.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(error.message);
  return error instanceof matcher;
}

export const retryPresets = Object.freeze({
  /** 6 attempts, 5 s, x2, at most 60 s, full jitter: the service-wide convention and the steps' default. */
  default: retry({ maxAttempts: 6, initialDelay: 5, maxDelay: 60, backoffRate: 2, jitter: "full" }),
  /** One attempt: a failure is final. */
  none: retry({ maxAttempts: 1 }),
});
