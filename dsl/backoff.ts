import { DurableUsageError } from "./errors";
import { describe } from "./describe";
import { toSeconds, type Duration } from "./duration";

/**
 * How a delay is randomized: full (0 to the delay), half (half to the whole), none.
 * @example
 * retry({ jitter: "none" }); // exact delays, for tests
 */
export type Jitter = "full" | "half" | "none";

const JITTERS: readonly Jitter[] = ["full", "half", "none"];

/**
 * The options retry() and waitStrategy() share.
 * @example
 * retry({ maxAttempts: 4, initialDelay: 1, maxDelay: { minutes: 1 }, backoffRate: 3, jitter: "half" });
 */
export interface BackoffOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  initialDelay?: Duration;
  maxDelay?: Duration;
  backoffRate?: number;
  jitter?: Jitter;
}

export interface Backoff {
  readonly maxAttempts: number;
  /** The delay after attempt number `attempt`: min(initialDelay * backoffRate^(attempt-1), maxDelay), jittered, whole seconds >= 1. */
  delayAfter(attempt: number): number;
}

/** Validates backoff options, naming `where` (e.g. "retry()") in errors, and fills in `defaults`. */
export function backoff(where: string, options: BackoffOptions, defaults: Required<BackoffOptions>): Backoff {
  const maxAttempts = options.maxAttempts ?? defaults.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new DurableUsageError(`${where} maxAttempts must be a whole number >= 1, got ${describe(options.maxAttempts)}`);
  }
  const initialDelay = toSeconds(options.initialDelay ?? defaults.initialDelay, `${where} initialDelay`);
  const maxDelay = toSeconds(options.maxDelay ?? defaults.maxDelay, `${where} maxDelay`);
  const backoffRate = options.backoffRate ?? defaults.backoffRate;
  if (typeof backoffRate !== "number" || !Number.isFinite(backoffRate) || backoffRate < 1) {
    throw new DurableUsageError(`${where} backoffRate must be a number >= 1, got ${describe(options.backoffRate)}`);
  }
  const jitter = options.jitter ?? defaults.jitter;
  if (!JITTERS.includes(jitter)) {
    throw new DurableUsageError(`${where} jitter must be one of ${JITTERS.join(", ")}, got ${describe(options.jitter)}`);
  }
  return {
    maxAttempts,
    delayAfter: (attempt) => jittered(Math.min(initialDelay * backoffRate ** (attempt - 1), maxDelay), jitter),
  };
}

function jittered(seconds: number, jitter: Jitter): number {
  const value = jitter === "full" ? Math.random() * seconds : jitter === "half" ? seconds / 2 + (Math.random() * seconds) / 2 : seconds;
  return Math.max(1, Math.round(value));
}
