import { defaultSerdes } from "../dsl/serdes";
import { errorObjectOf } from "./error-objects";
import { THROW, type Resumption } from "./host";
import { serializePayload, utf8Length } from "./payload";
import type { RunOutcome } from "./run-result";
import { LIMITS } from "./wire";

/**
 * What the workflow's return or throw makes of the invocation: its outcome, or (`spill`) a serialized result over
 * the 6 MB Lambda may return, which must be recorded on the EXECUTION operation instead. The result follows the
 * payload rule (payload.ts): one JSON would not give back fails the execution with a SerializationError.
 */
export function workflowOutcome(name: string, mode: Resumption, value: unknown): RunOutcome | { readonly spill: string } {
  if (mode === THROW) return { status: "FAILED", error: errorObjectOf(value) };
  let result: string | undefined;
  try {
    result = serializePayload(defaultSerdes, value, `workflow "${name}"`, Number.POSITIVE_INFINITY);
  } catch (error) {
    return { status: "FAILED", error: errorObjectOf(error) };
  }
  if (result !== undefined && utf8Length(result) > LIMITS.invocationResultBytes) return { spill: result };
  return { status: "SUCCEEDED", result };
}
