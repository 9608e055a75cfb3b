import { createHash } from "node:crypto";

/** AWS's rule for DurableExecutionName: 1 to 64 letters, digits, hyphens and underscores. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A name the caller gave; names the service makes for chained invokes contain a "." and so never collide with one. */
export function checkExecutionName(name: string): void {
  if (!NAME.test(name)) {
    throw Object.assign(new Error(`DurableExecutionName must be 1 to 64 of [a-zA-Z0-9-_], got ${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name)} (${name.length} characters)`), { name: "InvalidParameterValueException" });
  }
}

/** The name of the child execution a chained invoke starts: unique to its parent's operation, and not a name a caller may give. */
export function childExecutionName(parentName: string, operationId: string): string {
  return `${parentName.slice(0, 40)}.${operationId}`;
}

/** What the idempotency of a start compares: the payload, as a digest (the journal keeps it for finished executions). */
export function inputDigest(input: string | undefined): string {
  return createHash("sha256").update(input ?? "").update(input === undefined ? "u" : "s").digest("base64url");
}

/** The same name with another payload: served as 409, as AWS does. */
export class ExecutionAlreadyStartedError extends Error {
  readonly $metadata = { httpStatusCode: 409 };
  constructor(functionName: string, name: string, readonly executionArn: string) {
    super(`a durable execution named ${name} of function ${functionName} was already started with a different payload (${executionArn}); use another name, or the same payload to get that execution`);
    this.name = "DurableExecutionAlreadyStartedException";
  }
}
