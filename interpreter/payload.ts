import { PayloadTooLargeError, SerializationError } from "../dsl/errors";
import { describe } from "../dsl/describe";
import { defaultSerdes, type Serdes } from "../dsl/serdes";
import { errorObjectOf } from "./error-objects";
import { NEXT, type Done, type RunnerHost } from "./host";
import { InvocationError } from "./invocation-error";
import type { ErrorObject } from "./wire";

/**
 * The payload rule, the same for every operation kind:
 * - Writing. A value that cannot be checkpointed (the serdes throws or returns a non-string, the default JSON serdes
 *   would not give back the same type, or it is over the per-operation limit) fails the operation that produced
 *   it, as a failure of its user code would: a SerializationError or PayloadTooLargeError, recorded as the
 *   operation's FAIL where this SDK records that kind's outcome (step, waitForCondition, child, waitForCallback,
 *   map and parallel and their items), and thrown into the workflow as the kind's own failure error (StepFailedError,
 *   ConditionFailedError, ChildFailedError, ...) whose errorType names the cause. An invoke's payload is its input:
 *   it is checked before START, so nothing is recorded, and the workflow receives InvokeFailedError. The workflow's
 *   own result fails the execution.
 * - Reading. A recorded payload that cannot be deserialized fails the invocation (InvocationError), never the
 *   execution: the history is kept, and a deployment with a fixed serdes can read it.
 */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * Serializes `value` for operation `what`; throws SerializationError or PayloadTooLargeError (nothing else) when
 * the value cannot be checkpointed. `limitBytes` is the service's per-operation limit (infinite for a context's
 * result, which is replayed from its children instead).
 */
export function serializePayload<T>(serdes: Serdes<T>, value: T, what: string, limitBytes: number): string | undefined {
  let data: unknown;
  try {
    data = serdes.serialize(value);
  } catch (error) {
    throw new SerializationError(what, `${what} returned a value that cannot be serialized: ${(error as Error)?.message ?? String(error)}`);
  }
  if (data !== undefined && typeof data !== "string") {
    throw new SerializationError(what, `${what}: its serdes returned ${describe(data)} instead of a string or undefined`);
  }
  if ((serdes as Serdes<unknown>) === defaultSerdes) {
    const lost = jsonLoses(value, "");
    if (lost !== undefined) throw new SerializationError(what, `${what} returned ${lost}, which JSON cannot give back as the same value: convert it (to a string, an array, a plain object) or give the operation a serdes`);
  }
  if (data !== undefined && data.length * 3 > limitBytes) {
    const bytes = utf8Length(data);
    if (bytes > limitBytes) throw new PayloadTooLargeError(what, bytes, limitBytes);
  }
  return data;
}

/** The wire error of a payload failure (what serializePayload threw). */
export function payloadFailure(error: unknown): ErrorObject {
  return errorObjectOf(error);
}

/**
 * What the default JSON serdes would not give back as it was, described with where it is (`at .a[2]`); undefined
 * when the value round-trips. Plain objects, arrays, strings, booleans, finite numbers and null do. An object
 * property that is undefined is dropped by JSON and read back as missing, which its type allows.
 */
function jsonLoses(value: unknown, path: string): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${value}${where(path)}`;
    case "bigint":
      return `a BigInt${where(path)}`;
    case "function":
      return `a function${where(path)}`;
    case "symbol":
      return `a symbol${where(path)}`;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (item === undefined) return `undefined${where(`${path}[${index}]`)} (JSON writes null)`;
      const lost = jsonLoses(item, `${path}[${index}]`);
      if (lost !== undefined) return lost;
    }
    return undefined;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return `${instanceLabel(value as object)}${where(path)}`;
  for (const key in value as Record<string, unknown>) {
    const lost = jsonLoses((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (lost !== undefined) return lost;
  }
  return undefined;
}

function where(path: string): string {
  return path === "" ? "" : ` at ${path}`;
}

function instanceLabel(value: object): string {
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object with a prototype";
}

/**
 * Reads a recorded payload and answers with it; an unreadable payload fails the invocation (see the rule above).
 * `kind` and `name` name the operation in that error; the message is only built then, and the host is passed
 * rather than a callback, as this is the replay hot path (no allocation per replayed operation).
 */
export function readPayload<T>(serdes: Serdes<T>, data: string | undefined, kind: string, name: string | undefined, answer: Done, host: Pick<RunnerHost, "failInvocation">): void {
  let value: T;
  try {
    value = serdes.deserialize(data);
  } catch (error) {
    const what = name === undefined ? `an unnamed ${kind}` : `${kind} "${name}"`;
    host.failInvocation(new InvocationError(`the result of ${what} cannot be deserialized: ${(error as Error)?.message ?? String(error)}`, error));
    return;
  }
  answer(NEXT, value);
}
