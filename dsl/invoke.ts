import { Op } from "./op";
import type { NoMeta } from "./op-meta";
import type { Serdes } from "./serdes";
import { defaultSerdes } from "./serdes";
import { checkName, checkOptions, where } from "./validation";
import { describe } from "./describe";
import { DurableUsageError } from "./errors";

/**
 * The options of invoke.
 * @example
 * yield* invoke("bill", billing, { cents: 5 }, { tenantId: "acme" });
 */
export interface InvokeOptions<T, P = unknown> {
  /** The tenant the invoked function runs for (tenant-isolated functions). */
  tenantId?: string;
  payloadSerdes?: Serdes<P>;
  resultSerdes?: Serdes<T>;
}

/**
 * A Lambda function with the types of its payload and result, made once with `lambdaFunction` and invoked
 * anywhere: `invoke` then checks the payload and types the result.
 * @example
 * const billing: LambdaFunction<{ cents: number }, { invoiceId: string }> = lambdaFunction("billing");
 */
export interface LambdaFunction<P, R> {
  readonly functionName: string;
  /** Carries the types only; never set. */
  readonly types?: { readonly payload: P; readonly result: R };
}

/**
 * Names a Lambda function (durable or not) with its payload and result types, for `invoke`.
 * @example
 * const chargeCard = lambdaFunction<{ cents: number }, { receipt: string }>("charge-card");
 * const { receipt } = yield* invoke("charge", chargeCard, { cents: 1200 });
 */
export function lambdaFunction<P, R>(functionName: string): LambdaFunction<P, R> {
  if (typeof functionName !== "string" || functionName.length === 0) {
    throw new DurableUsageError(`lambdaFunction() needs a function name or ARN, got ${describe(functionName)}`);
  }
  return Object.freeze({ functionName });
}

export class InvokeOp<T> extends Op<T> {
  readonly kind = "invoke";
  constructor(
    readonly name: string,
    readonly functionName: string,
    readonly payload: unknown,
    readonly tenantId: string | undefined,
    readonly payloadSerdes: Serdes<unknown>,
    readonly resultSerdes: Serdes<T>,
  ) {
    super();
    Object.freeze(this);
  }
}

const INVOKE_OPTIONS = ["tenantId", "payloadSerdes", "resultSerdes"];

/**
 * Calls another Lambda function (durable or not) and waits for its result without holding this invocation.
 * Typed by a `lambdaFunction<Payload, Result>`, or by type arguments: `invoke<Result>` (payload unchecked) or
 * `invoke<Result, Payload>`.
 * @example
 * const { receipt } = yield* invoke("charge", chargeCard, { cents: 1200 });          // chargeCard = lambdaFunction<...>(...)
 * const echoed = yield* invoke<{ text: string }, { text: string }>("echo", "echo-fn", { text: "hi" });
 */
export function invoke<P, R>(name: string, target: LambdaFunction<P, R>, payload: P, opts?: InvokeOptions<R, P>): Op<R, NoMeta>;
export function invoke<T, P = unknown>(name: string, functionName: string, payload?: P, opts?: InvokeOptions<T, P>): Op<T, NoMeta>;
export function invoke<T>(name: string, target: string | LambdaFunction<unknown, T>, payload?: unknown, opts?: InvokeOptions<T>): Op<T> {
  checkName("invoke", name);
  const functionName = typeof target === "object" && target !== null ? target.functionName : target;
  if (typeof functionName !== "string" || functionName.length === 0) {
    throw new DurableUsageError(`invoke("${name}") needs a function name or ARN, got ${describe(functionName)}`);
  }
  checkOptions(where("invoke", name), opts, INVOKE_OPTIONS);
  if (opts?.tenantId !== undefined && typeof opts.tenantId !== "string") {
    throw new DurableUsageError(`invoke("${name}") tenantId must be a string, got ${describe(opts.tenantId)}`);
  }
  return new InvokeOp(
    name,
    functionName,
    payload,
    opts?.tenantId,
    (opts?.payloadSerdes ?? defaultSerdes) as Serdes<unknown>,
    opts?.resultSerdes ?? (defaultSerdes as Serdes<T>),
  );
}
