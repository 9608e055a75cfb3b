import { DurableUsageError } from "./errors";
import { describe } from "./describe";

/**
 * The service's limit on operation names; a longer name is a DurableUsageError at the call. Names built from data
 * can be cut to it (the same input gives the same name, so replay still matches).
 * @example
 * yield* step(`notify ${customer.email}`.slice(0, MAX_NAME_LENGTH), () => sendMail(customer.email));
 */
export const MAX_NAME_LENGTH = 256;

export function checkName(operation: string, name: unknown): string {
  if (typeof name !== "string" || name.length === 0) {
    throw new DurableUsageError(`${operation}() needs a non-empty name as its first argument, got ${describe(name)}`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new DurableUsageError(
      `${operation}("${name.slice(0, 40)}...") has a name of ${name.length} characters; the limit is ${MAX_NAME_LENGTH}`,
    );
  }
  return name;
}

/** `where` names the call in messages, e.g. `step("charge")`. */
export function where(operation: string, name: string | undefined): string {
  return name === undefined ? `${operation}()` : `${operation}("${name}")`;
}

export function checkFunction(where: string, what: string, fn: unknown): void {
  if (typeof fn !== "function") {
    throw new DurableUsageError(`${where} needs ${what} to be a function, got ${describe(fn)}`);
  }
}

export function checkOptions(where: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object") {
    throw new DurableUsageError(`${where} options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new DurableUsageError(`${where} has an unknown option "${key}" (allowed: ${allowed.join(", ")})`);
    }
  }
}
