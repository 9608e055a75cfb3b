import { ChildFailedError, type DurableOperationError, type ErrorDetails } from "./errors";
import type { Serdes } from "./serdes";

/**
 * How an item of a batch stands when the batch completes.
 * @example
 * const running = batch.all.filter((item) => item.status === "STARTED");
 */
export type BatchItemStatus = "SUCCEEDED" | "FAILED" | "STARTED";
/**
 * Why a batch completed: all items done, enough succeeded (minSuccessful), or too many failed.
 * @example
 * if (batch.completionReason === "FAILURE_TOLERANCE_EXCEEDED") throw new Error("too many failed");
 */
export type CompletionReason = "ALL_COMPLETED" | "MIN_SUCCESSFUL_REACHED" | "FAILURE_TOLERANCE_EXCEEDED";

/**
 * An item that succeeded, with its result.
 * @example
 * const results = batch.succeeded().map((item) => item.result);
 */
export type SucceededItem<T> = { readonly index: number; readonly status: "SUCCEEDED"; readonly result: T };
/**
 * An item that failed, with its error.
 * @example
 * for (const item of batch.failed()) ctx.logger.warn("failed", { index: item.index, error: item.error.message });
 */
export type FailedItem = { readonly index: number; readonly status: "FAILED"; readonly error: DurableOperationError };
/**
 * An item still running when the batch completed.
 * @example
 * const stillRunning = batch.started().map((item) => item.index);
 */
export type StartedItem = { readonly index: number; readonly status: "STARTED" };
/**
 * One item of `BatchResult.all`.
 * @example
 * for (const item of batch.all) if (item.status === "FAILED") ctx.logger.warn("item failed", { index: item.index, error: item.error.message });
 */
export type BatchItem<T> = SucceededItem<T> | FailedItem | StartedItem;

/** An item's error as the batch result records it. */
interface RecordedError {
  ErrorType?: string;
  ErrorMessage?: string;
  ErrorData?: string;
}

/**
 * What a map or parallel gives back: every item that started, in index order, with its outcome. Items that had
 * not started when the batch completed are not listed; items still running then are listed as STARTED. A batch
 * never throws for its items' failures: `throwIfError()` does.
 * @example
 * const sent = yield* map("send", customers, function* (c) { return yield* step(`send-${c.id}`, () => send(c)); }, { completion: { toleratedFailureCount: 2 } });
 * ctx.logger.info("sent", { ok: sent.successCount, failed: sent.failureCount, ids: sent.getResults() });
 */
export class BatchResult<T, R extends readonly unknown[] = T[]> {
  readonly all: readonly BatchItem<T>[];
  readonly completionReason: CompletionReason;

  constructor(all: readonly BatchItem<T>[], completionReason: CompletionReason) {
    this.all = Object.freeze(all.slice());
    this.completionReason = completionReason;
    Object.freeze(this);
  }

  /** FAILED when any item failed, whatever the completion reason. */
  get status(): "SUCCEEDED" | "FAILED" {
    return this.hasFailure ? "FAILED" : "SUCCEEDED";
  }
  get successCount(): number {
    return this.succeeded().length;
  }
  get failureCount(): number {
    return this.failed().length;
  }
  get startedCount(): number {
    return this.started().length;
  }
  get totalCount(): number {
    return this.all.length;
  }
  get hasFailure(): boolean {
    return this.all.some((item) => item.status === "FAILED");
  }
  succeeded(): SucceededItem<T>[] {
    return this.all.filter((item): item is SucceededItem<T> => item.status === "SUCCEEDED");
  }
  failed(): FailedItem[] {
    return this.all.filter((item): item is FailedItem => item.status === "FAILED");
  }
  started(): StartedItem[] {
    return this.all.filter((item): item is StartedItem => item.status === "STARTED");
  }
  /** The results of the items that succeeded, in index order. */
  getResults(): T[] {
    return this.succeeded().map((item) => item.result);
  }
  getErrors(): DurableOperationError[] {
    return this.failed().map((item) => item.error);
  }
  /**
   * Every item's result in index order (a tuple for `parallel`, typed branch by branch), when every item
   * succeeded; else throws the first failed item's error, or, when the batch completed before all its items
   * (minSuccessful), an Error saying so.
   * @example
   * const [user, orders] = (yield* parallel("load", [() => loadUser(id), () => loadOrders(id)])).results();
   */
  results(): R {
    this.throwIfError();
    if (this.completionReason !== "ALL_COMPLETED" || this.all.some((item) => item.status !== "SUCCEEDED")) {
      throw new Error(`not every item of the batch completed (${this.completionReason}, ${this.startedCount} still running): read them from all / getResults()`);
    }
    return this.getResults() as unknown as R;
  }

  /** Throws the error of the first failed item (by index), if any. */
  throwIfError(): void {
    const first = this.failed()[0];
    if (first !== undefined) throw first.error;
  }

  /** The JSON the service records for a batch (the official SDK's shape, so histories are interchangeable). */
  toJSON(): { all: unknown[]; completionReason: CompletionReason } {
    return {
      all: this.all.map((item) => {
        if (item.status === "SUCCEEDED") return { index: item.index, status: item.status, result: item.result };
        if (item.status === "FAILED") return { index: item.index, status: item.status, error: recordedError(item.error) };
        return { index: item.index, status: item.status };
      }),
      completionReason: this.completionReason,
    };
  }
}

function recordedError(error: DurableOperationError): RecordedError {
  const recorded: RecordedError = { ErrorType: error.errorType, ErrorMessage: error.message };
  if (error.data !== undefined) recorded.ErrorData = error.data;
  return recorded;
}

const REASONS: readonly CompletionReason[] = ["ALL_COMPLETED", "MIN_SUCCESSFUL_REACHED", "FAILURE_TOLERANCE_EXCEEDED"];

/** The default serdes of a batch result: its JSON, read back into a BatchResult. */
export function batchResultSerdes<T>(): Serdes<BatchResult<T>> {
  return {
    serialize: (result) => JSON.stringify(result.toJSON()),
    deserialize: (data) => {
      if (data === undefined) throw new Error("a batch result has no payload");
      const parsed = JSON.parse(data) as { all?: unknown; completionReason?: unknown };
      if (!Array.isArray(parsed.all) || !REASONS.includes(parsed.completionReason as CompletionReason)) {
        throw new Error(`not a batch result: ${data.slice(0, 80)}`);
      }
      return new BatchResult<T>(parsed.all.map(itemOf<T>), parsed.completionReason as CompletionReason);
    },
  };
}

function itemOf<T>(raw: unknown): BatchItem<T> {
  const item = raw as { index: number; status: BatchItemStatus; result?: T; error?: RecordedError };
  if (item.status === "SUCCEEDED") return { index: item.index, status: "SUCCEEDED", result: item.result as T };
  if (item.status === "FAILED") return { index: item.index, status: "FAILED", error: itemError(item.index, item.error) };
  return { index: item.index, status: "STARTED" };
}

/** The error of a failed item, the same on the first run and on replay. */
export function itemError(index: number, error: RecordedError | undefined): ChildFailedError {
  const details: ErrorDetails = { errorType: error?.ErrorType ?? "Error", message: error?.ErrorMessage ?? "the item failed", data: error?.ErrorData };
  return new ChildFailedError(`item ${index}`, details);
}
