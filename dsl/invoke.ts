import { Op } from "./op";
import type { Serdes } from "./serdes";
import { defaultSerdes } from "./serdes";
import { checkName, checkOptions, where } from "./names";
import { describe } from "./describe";
import { DurableUsageError } from "./errors";

export interface InvokeOptions<T> {
  tenantId?: string;
  payloadSerdes?: Serdes<unknown>;
  resultSerdes?: Serdes<T>;
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

/** Calls another Lambda function (durable or not) and waits for its result without holding this invocation. */
export function invoke<T>(name: string, functionName: string, payload?: unknown, opts?: InvokeOptions<T>): Op<T> {
  checkName("invoke", name);
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
    opts?.payloadSerdes ?? defaultSerdes,
    opts?.resultSerdes ?? (defaultSerdes as Serdes<T>),
  );
}
