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

/**
 * A number read from a history file a person saved: the AWS CLI writes epoch seconds, our own files and the SDKs
 * epoch milliseconds. No date since 1973 is under 1e11 milliseconds, and none before 5138 is over 1e11 seconds,
 * so the size tells them apart. Everything inside the library is epochMillis' convention.
 */
export function epochMillisOfFileNumber(value: number): number {
  return value < 1e11 ? value * 1000 : value;
}
