import { Op } from "./op";
import type { StepContext } from "./context";
import type { RetryStrategy } from "./retry";
import { createCallbackOp, type CallbackOptions, type CreateCallbackOp } from "./callback";
import { stepOp, type StepOp } from "./step";
import { checkFunction, checkName, where } from "./validation";
import type { Serdes } from "./serdes";
import type { NameFor } from "./json-safe";
import type { CallbackMeta } from "./op-meta";

/**
 * The options of waitForCallback: the callback's, and the retries of its submitter.
 * @example
 * yield* waitForCallback<string>("sign", (id) => mail(id), { timeout: { days: 2 }, retry: retry({ maxAttempts: 3 }) });
 */
export interface WaitForCallbackOptions<T> extends CallbackOptions<T> {
  /** Retries of the submitter. */
  retry?: RetryStrategy;
}

/**
 * Hands the callback id to the outside world (a step: retried on failure, not run again on replay).
 * @example
 * const submit: CallbackSubmitter = async (callbackId, ctx) => { await queue.send({ callbackId, attempt: ctx.attempt }); };
 */
export type CallbackSubmitter = (callbackId: string, ctx: StepContext) => void | Promise<void>;

/** A CONTEXT holding the CALLBACK (child 1) and the STEP that submits its id (child 2), as the service records it. */
export class WaitForCallbackOp<T> extends Op<T> {
  readonly kind = "waitForCallback";
  constructor(
    readonly name: string,
    readonly callback: CreateCallbackOp<T>,
    readonly submitter: (callbackId: string) => StepOp<void>,
  ) {
    super();
    Object.freeze(this);
  }
}

const WAIT_FOR_CALLBACK_OPTIONS = ["timeout", "heartbeatTimeout", "serdes", "retry"];

/**
 * Opens a callback, runs `submit` (a step) to hand its id to the outside world, and waits for the answer.
 * `T` must survive JSON unless `serdes` is given.
 * @example
 * const review = yield* waitForCallback<{ ok: boolean }>("review", async (callbackId) => {
 *   await queue.send({ callbackId, document: input.id });
 * }, { timeout: { days: 1 } });
 */
export function waitForCallback<T, N extends string = string>(name: N, submit: CallbackSubmitter, opts: WaitForCallbackOptions<T> & { readonly serdes: Serdes<T> }): Op<T, CallbackMeta<N, T>>;
export function waitForCallback<T = unknown, N extends string = string>(name: NameFor<T> & N, submit: CallbackSubmitter, opts?: WaitForCallbackOptions<T>): Op<T, CallbackMeta<N, T>>;
export function waitForCallback<T>(name: string, submit: CallbackSubmitter, opts?: WaitForCallbackOptions<T>): Op<T> {
  checkName("waitForCallback", name);
  const at = where("waitForCallback", name);
  checkFunction(at, "its submitter", submit);
  const callback = createCallbackOp<T>(undefined, opts, at, WAIT_FOR_CALLBACK_OPTIONS);
  const retry = opts?.retry;
  if (retry !== undefined) checkFunction(at, "retry (a RetryStrategy)", retry);
  const submitter = (callbackId: string): StepOp<void> =>
    stepOp<void>(undefined, (ctx) => submit(callbackId, ctx), retry === undefined ? undefined : { retry }, at);
  return new WaitForCallbackOp(name, callback, submitter);
}
