/**
 * What an invoked function receives for a payload: Lambda hands a handler `{}` when the Invoke carried none (and a
 * durable execution records `{}` as its input), so a handler never sees `undefined`.
 */
export function invokePayload(payload: unknown): unknown {
  return payload === undefined ? {} : payload;
}
