import type { LambdaClient } from "@aws-sdk/client-lambda";

// How the local service reaches a durableHandler running in its own process without touching process.env: it puts
// its client in the Lambda context under this key. Symbol.for, so a handler built with another copy of this
// library (the CLI's bundle and the user's install) finds it too.
const LOCAL_CLIENT = Symbol.for("durable-gen.local-service-client");
const DURABLE_HANDLER = Symbol.for("durable-gen.durable-handler");

/** The client the local service handed this invocation, if it did. */
export function localClientOf(context: unknown): LambdaClient | undefined {
  return typeof context === "object" && context !== null ? ((context as Record<symbol, LambdaClient | undefined>)[LOCAL_CLIENT]) : undefined;
}

/** The Lambda context with the service's client in it. */
export function withLocalClient(context: Record<string, unknown>, client: LambdaClient): Record<string, unknown> {
  return Object.assign(context, { [LOCAL_CLIENT]: client });
}

/** Marks a handler as durableHandler's, which takes its client from the context and needs no environment. */
export function markDurableHandler<F extends object>(handler: F): F {
  return Object.defineProperty(handler, DURABLE_HANDLER, { value: true });
}

/** Whether `handler` was made by durableHandler (any copy of this library). */
export function isDurableHandler(handler: unknown): boolean {
  return typeof handler === "function" && (handler as unknown as Record<symbol, unknown>)[DURABLE_HANDLER] === true;
}
