/**
 * Whether a failed service call should fail the execution, or only this invocation (rethrown, so Lambda retries
 * it): throttling, server errors, network errors and an invalid or stale checkpoint token are the invocation's.
 */
export function failsExecution(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === undefined) return false;
  if (status === 429 || status >= 500) return false;
  if (isStaleToken(error)) return false;
  return status >= 400;
}

function httpStatus(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
  return typeof metadata?.httpStatusCode === "number" ? metadata.httpStatusCode : undefined;
}

function isStaleToken(error: unknown): boolean {
  const { name, message } = error as { name?: unknown; message?: unknown };
  return (name === "InvalidParameterValueException" || name === "InvalidCheckpointTokenException") && typeof message === "string" && /checkpoint token/i.test(message);
}
