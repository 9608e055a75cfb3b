import { describe } from "./describe";
import { DurableUsageError } from "./errors";

/**
 * Seconds, or a breakdown of days, hours, minutes and seconds.
 * @example
 * yield* wait("cool-off", { hours: 1, minutes: 30 }); // or wait("cool-off", 5400)
 */
export type Duration = number | { days?: number; hours?: number; minutes?: number; seconds?: number };

const UNIT_SECONDS = { days: 86_400, hours: 3_600, minutes: 60, seconds: 1 } as const;

/**
 * Whole seconds of a duration; `what` names the option in the error message.
 * @example
 * toSeconds({ minutes: 2, seconds: 5 }, "the delay"); // 125
 */
export function toSeconds(duration: Duration, what: string): number {
  if (typeof duration === "number") return checkedSeconds(duration, what, duration);
  if (duration === null || typeof duration !== "object") {
    throw new DurableUsageError(`${what} must be a number of seconds or { days, hours, minutes, seconds }, got ${describe(duration)}`);
  }
  let total = 0;
  for (const key of Object.keys(duration)) {
    if (!(key in UNIT_SECONDS)) {
      throw new DurableUsageError(`${what} has an unknown unit "${key}" (expected days, hours, minutes or seconds)`);
    }
    const value = duration[key as keyof typeof UNIT_SECONDS];
    if (value === undefined) continue;
    checkedSeconds(value, `${what}.${key}`, value);
    total += value * UNIT_SECONDS[key as keyof typeof UNIT_SECONDS];
  }
  return total;
}

function checkedSeconds(value: unknown, what: string, shown: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new DurableUsageError(`${what} must be a non-negative whole number, got ${describe(shown)}`);
  }
  return value;
}
