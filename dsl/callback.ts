import { Op } from "./op";
import type { Serdes } from "./serdes";
import type { NameFor } from "./json-safe";
import type { CallbackMeta, NoMeta } from "./op-meta";
import { defaultSerdes } from "./serdes";
import { toSeconds, type Duration } from "./duration";
import { checkName, checkOptions, where } from "./validation";

/**
 * The options of a callback.
 * @example
 * yield* createCallback<{ ok: boolean }>("approval", { timeout: { hours: 24 }, heartbeatTimeout: { minutes: 10 } });
 */
export interface CallbackOptions<T> {
  /** How long the callback may stay open; the service times it out after that. */
  timeout?: Duration;
  /** The longest silence between heartbeats before the service times the callback out. */
  heartbeatTimeout?: Duration;
  serdes?: Serdes<T>;
}

/**
 * What `createCallback` gives: the id to hand to the outside world, and the operation that waits for it.
 * @example
 * const handle = yield* createCallback<string>("sign");
 * yield* step("send", () => mail(handle.callbackId));
 * const signature = yield* handle.result;
 */
export interface CallbackHandle<T> {
  readonly callbackId: string;
  readonly result: Op<T, NoMeta>;
}

export class CreateCallbackOp<T> extends Op<CallbackHandle<T>> {
  readonly kind = "createCallback";
  constructor(
    readonly name: string | undefined,
    readonly timeoutSeconds: number | undefined,
    readonly heartbeatTimeoutSeconds: number | undefined,
    readonly serdes: Serdes<T>,
  ) {
    super();
    Object.freeze(this);
  }
}

/** Waits for the callback created as operation `operationId`; it is not an operation of its own. */
export class CallbackResultOp<T> extends Op<T, NoMeta> {
  readonly kind = "callbackResult";
  constructor(readonly name: string | undefined, readonly operationId: string, readonly serdes: Serdes<T>) {
    super();
    Object.freeze(this);
  }
}

const CALLBACK_OPTIONS = ["timeout", "heartbeatTimeout", "serdes"];

/**
 * Opens a callback: `callbackId` goes to whoever answers (SendDurableExecutionCallbackSuccess / Failure), and
 * `yield* handle.result` waits for the answer without holding an invocation. `T` must survive JSON unless `serdes` is given.
 * @example
 * const approval = yield* createCallback<{ approved: boolean }>("approval", { timeout: { hours: 24 } });
 * yield* step("ask", () => notify(approval.callbackId));
 * const { approved } = yield* approval.result;
 */
export function createCallback<T, N extends string = string>(name: N, opts: CallbackOptions<T> & { readonly serdes: Serdes<T> }): Op<CallbackHandle<T>, CallbackMeta<N, T>>;
export function createCallback<T = unknown, N extends string = string>(name: NameFor<T> & N, opts?: CallbackOptions<T>): Op<CallbackHandle<T>, CallbackMeta<N, T>>;
export function createCallback<T>(name: string, opts?: CallbackOptions<T>): Op<CallbackHandle<T>> {
  checkName("createCallback", name);
  return createCallbackOp(name, opts, where("createCallback", name), CALLBACK_OPTIONS);
}

export function createCallbackOp<T>(
  name: string | undefined,
  opts: CallbackOptions<T> | undefined,
  at: string,
  allowedOptions: readonly string[],
): CreateCallbackOp<T> {
  checkOptions(at, opts, allowedOptions);
  return new CreateCallbackOp(
    name,
    optionalSeconds(opts?.timeout, `${at} timeout`),
    optionalSeconds(opts?.heartbeatTimeout, `${at} heartbeatTimeout`),
    opts?.serdes ?? (defaultSerdes as Serdes<T>),
  );
}

function optionalSeconds(duration: Duration | undefined, what: string): number | undefined {
  return duration === undefined ? undefined : toSeconds(duration, what);
}
