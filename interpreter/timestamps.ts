import type { Timestamp } from "./wire";

/**
 * The one timestamp convention: a wire Timestamp as epoch milliseconds. A Date is itself, a string is parsed as a
 * date (the event's ISO-8601), a number is already epoch milliseconds (what `new Date(number)` takes). NaN when the
 * value is not a date.
 */
export function epochMillis(timestamp: Timestamp): number {
  if (timestamp instanceof Date) return timestamp.getTime();
  if (typeof timestamp === "number") return timestamp;
  return Date.parse(timestamp);
}
