/**
 * What a recorded error carries: the wire ErrorObject, decoded.
 * @example
 * const details: ErrorDetails = { errorType: "CardDeclined", message: "insufficient funds" };
 * throw new StepFailedError("charge", details);
 */
export interface ErrorDetails {
  readonly errorType: string;
  readonly message: string;
  readonly data?: string | undefined;
  readonly stackTrace?: readonly string[] | undefined;
}

/** Names of the error classes an error belongs to, so `instanceof` works across copies of this library. */
const ERROR_BRAND = Symbol.for("durable-gen/error-classes");

/**
 * Base class of every error an operation throws into the workflow. It is rebuilt from history on replay, so it
 * carries what was recorded (the original class name, message and data), not the original object.
 * @example
 * try {
 *   yield* step("charge", () => charge(order));
 * } catch (error) {
 *   if (error instanceof DurableOperationError && error.errorType === "CardDeclined") return { status: "declined" };
 *   throw error;
 * }
 */
export class DurableOperationError extends Error {
  readonly errorType: string;
  readonly data: string | undefined;
  readonly operationName: string;
  readonly recordedStack: readonly string[] | undefined;

  constructor(operationName: string, details: ErrorDetails) {
    super(details.message);
    this.name = new.target.name;
    const classes: string[] = [];
    for (let proto: unknown = new.target; proto !== Error && typeof proto === "function"; proto = Object.getPrototypeOf(proto)) classes.push(proto.name);
    Object.defineProperty(this, ERROR_BRAND, { value: classes });
    this.operationName = operationName;
    this.errorType = details.errorType;
    this.data = details.data;
    this.recordedStack = details.stackTrace;
  }

  /** An error made by another copy of this library (the CLI's, say) still matches its class. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const classes = (value as { [ERROR_BRAND]?: unknown } | null)?.[ERROR_BRAND];
    return Array.isArray(classes) && classes.includes(this.name);
  }
}

/**
 * A step failed for good (its retries exhausted, or not retryable); `errorType` is the class its function threw.
 * @example
 * try { yield* step("reserve", () => reserve(sku)); } catch (e) { if (e instanceof StepFailedError) yield* step("notify", () => apologize()); }
 */
export class StepFailedError extends DurableOperationError {}
/**
 * The callback's sender reported a failure (or, as CallbackTimeoutError, nobody answered in time).
 * @example
 * try { yield* handle.result; } catch (e) { if (e instanceof CallbackFailedError) return "rejected"; throw e; }
 */
export class CallbackFailedError extends DurableOperationError {}
/**
 * The callback's timeout or heartbeat timeout passed (errorType Callback.Timeout / Callback.Heartbeat).
 * @example
 * try { yield* waitForCallback("approval", submit, { timeout: { hours: 24 } }); } catch (e) { if (e instanceof CallbackTimeoutError) return "expired"; throw e; }
 */
export class CallbackTimeoutError extends CallbackFailedError {}
/**
 * The invoked function failed, or its payload could not be serialized (errorType SerializationError).
 * @example
 * try { yield* invoke("score", "scoring-fn", { id }); } catch (e) { if (e instanceof InvokeFailedError) return 0; throw e; }
 */
export class InvokeFailedError extends DurableOperationError {}
/**
 * A child context, a map or parallel, or one of their items failed; `errorType` names the root cause.
 * @example
 * try { yield* child("shipping", function* () { return yield* step("label", () => label(order)); }); } catch (e) { if (e instanceof ChildFailedError) console.log(e.errorType); }
 */
export class ChildFailedError extends DurableOperationError {}
/**
 * waitForCondition ended without its condition: its strategy stopped, or its check threw.
 * @example
 * try { yield* waitForCondition("ready", check, { initialState: 0, wait: waitStrategy({ until: (s) => s > 3, maxAttempts: 5 }) }); } catch (e) { if (e instanceof ConditionFailedError) return "gave up"; throw e; }
 */
export class ConditionFailedError extends DurableOperationError {}

/**
 * An at-most-once step attempt that was started but never recorded an outcome (its process died); the step's
 * retry strategy receives it.
 * @example
 * step("pay", () => pay(), { semantics: "at-most-once", retry: retry({ retryable: [/timeout/] }) }); // StepInterruptedError is not retried
 */
export class StepInterruptedError extends Error {
  constructor(operationName: string, attempt: number) {
    super(`step "${operationName}" attempt ${attempt} was interrupted before it recorded a result`);
    this.name = "StepInterruptedError";
  }
}

/**
 * A step attempt that ran longer than its `timeout`; its signal is aborted, and the retry strategy receives it.
 * @example
 * step("fetch", ({ signal }) => fetch(url, { signal }), { timeout: 30 });
 */
export class StepTimeoutError extends Error {
  constructor(operationName: string, seconds: number) {
    super(`step "${operationName}" timed out after ${seconds}s`);
    this.name = "StepTimeoutError";
  }
}

/**
 * Wrong use of the DSL: a bad option, a bad name, a value that is not an operation. Thrown where it happens.
 * @example
 * step("", () => 1); // throws DurableUsageError: step() needs a non-empty name as its first argument
 */
export class DurableUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DurableUsageError";
  }
}

/**
 * What identifies an operation in a history: its type, subtype and name.
 * @example
 * const signature: OperationSignature = { type: "STEP", subType: "Step", name: "charge" };
 */
export interface OperationSignature {
  readonly type: string;
  readonly subType: string | undefined;
  readonly name: string | undefined;
}

/**
 * Where the code and a recorded history part ways.
 * @example
 * const report = await replay(orderFlow, history);
 * if (report.divergence) console.log(`${report.divergence.path}: ${report.divergence.hint}`);
 */
export interface Divergence {
  /** The operation's position path: "3" is the third operation at the root, "3-2" the second inside it. */
  readonly path: string;
  /** The operation's wire id (md5 of the path). */
  readonly id: string;
  readonly recorded: OperationSignature;
  /** What the code runs at that position; undefined when the code ended without reaching it. */
  readonly current: OperationSignature | undefined;
  /** One line on the likely cause: an operation inserted, removed, renamed or reordered before this point. */
  readonly hint: string;
}

/**
 * The code no longer matches the recorded history (an operation renamed, inserted, removed or of another type, or
 * a recorded operation the finished code never reached). Not catchable by the workflow: it fails the execution.
 * @example
 * const run = await runLocal(orderFlow, input);
 * if (run.status === "FAILED" && run.error?.ErrorType === "NonDeterminismError") console.log(run.error.ErrorMessage);
 */
export class NonDeterminismError extends Error {
  constructor(message: string, readonly divergence?: Divergence) {
    super(message);
    this.name = "NonDeterminismError";
  }
}

/**
 * A value that cannot be checkpointed as it is: the serdes threw, or the default JSON serdes would not give back a
 * value of the same type (a Date, Map, Set, class instance, function, BigInt, a non-finite number, undefined inside
 * an array). `operation` names the operation that produced it. It fails that operation (see interpreter/payload.ts).
 * @example
 * try { yield* step("when", () => new Date().toISOString()); } // a string: fine; returning the Date itself would fail
 * catch (e) { if (e instanceof StepFailedError && e.errorType === "SerializationError") console.log(e.message); }
 */
export class SerializationError extends Error {
  constructor(readonly operation: string, message: string) {
    super(message);
    this.name = "SerializationError";
  }
}

/**
 * A payload over the service's limit for one operation (256 KB). It fails the operation that produced it.
 * @example
 * yield* step("report", () => bigReport()); // over 256 KB: StepFailedError with errorType PayloadTooLargeError; return a reference instead
 */
export class PayloadTooLargeError extends Error {
  constructor(readonly operation: string, readonly bytes: number, readonly limitBytes: number) {
    super(`${operation} produced ${bytes} bytes; the limit for one operation is ${limitBytes} bytes`);
    this.name = "PayloadTooLargeError";
  }
}
