import type { Serdes } from "../dsl/serdes";
import { describe } from "../dsl/duration";

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Why a value could not be checkpointed; the runner turns it into a recorded failure of its operation. */
export class PayloadError extends Error {
  constructor(name: "SerializationError" | "PayloadTooLargeError", message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * Serializes `value` for operation `what`, refusing what JSON cannot represent (so a cycle, a BigInt or a function
 * fails here with the operation's name instead of deep inside a checkpoint) and payloads over `limitBytes`.
 */
export function serializePayload<T>(serdes: Serdes<T>, value: T, what: string, limitBytes: number): string | undefined {
  let data: unknown;
  try {
    data = serdes.serialize(value);
  } catch (error) {
    throw new PayloadError("SerializationError", `${what} returned a value that cannot be serialized: ${(error as Error)?.message ?? String(error)}`);
  }
  if (data !== undefined && typeof data !== "string") {
    throw new PayloadError("SerializationError", `${what}: its serdes returned ${describe(data)} instead of a string or undefined`);
  }
  if (data === undefined && isUnrepresentable(value)) {
    throw new PayloadError("SerializationError", `${what} returned ${describe(value)}, which JSON cannot represent`);
  }
  if (data !== undefined && data.length * 3 > limitBytes) {
    const bytes = utf8Length(data);
    if (bytes > limitBytes) {
      throw new PayloadError("PayloadTooLargeError", `${what} produced ${bytes} bytes; the limit for one operation is ${limitBytes} bytes`);
    }
  }
  return data;
}

function isUnrepresentable(value: unknown): boolean {
  return typeof value === "function" || typeof value === "symbol";
}
