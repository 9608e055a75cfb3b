import type { BatchOp, BatchSettings } from "../../dsl/batch";
import { BatchResult, itemError, type BatchItem, type CompletionReason } from "../../dsl/batch-result";
import { ChildFailedError, DurableUsageError } from "../../dsl/errors";
import { describe } from "../../dsl/duration";
import { detailsOf, errorObjectOf } from "../error-objects";
import { BLOCKED, isGenerator, NEXT, THROW, type Fiber, type Resumption, type Step } from "../fiber";
import { PayloadError, serializePayload, utf8Length } from "../payload";
import { InvocationError, MISMATCH, type Run } from "../run";
import { Scope } from "../scope";
import { updateBase, type UpdateBase } from "../updates";
import { LIMITS, type ErrorObject, type Operation } from "../wire";
import { contextSucceeded } from "./context";

/**
 * map / parallel: a CONTEXT (Map / Parallel) whose items run concurrently, in index order, at most
 * maxConcurrency at a time. Nested, each item is a CONTEXT (MapIteration / ParallelBranch) of its own, so a
 * replay returns a completed item without running it; flat, the items' operations belong to the batch's CONTEXT
 * and a replay runs the item bodies again over their recorded operations.
 *
 * After each item completes, the completion policy decides: a failure beyond the tolerance completes the batch
 * with FAILURE_TOLERANCE_EXCEEDED, then all items done ALL_COMPLETED, then enough successes MIN_SUCCESSFUL_REACHED.
 * Items still running then are reported STARTED and nothing they do later is checkpointed. The batch's result is
 * recorded on its CONTEXT; over 256 KB, a summary is recorded with ReplayChildren and a replay rebuilds the result
 * from the items.
 */
export function runBatch(op: BatchOp<unknown>, fiber: Fiber, run: Run, position: number): Step {
  const id = fiber.scope.idAt(position);
  const recorded = run.recorded(fiber.scope, position, id, "CONTEXT", op.subType, op.name);
  if (recorded === MISMATCH) return BLOCKED;
  if (recorded?.Status === "SUCCEEDED" && recorded.ContextDetails?.ReplayChildren !== true) {
    run.replayedOne();
    run.skipRecordedChildren(id);
    return run.continueWith(fiber, op.settings.serdes, recorded.ContextDetails?.Result, op.subType, op.name);
  }
  if (recorded?.Status === "FAILED") {
    run.replayedOne();
    run.skipRecordedChildren(id);
    fiber.value = new ChildFailedError(op.name, detailsOf(recorded.ContextDetails?.Error, "the batch failed"));
    return THROW;
  }
  let summary: Summary | undefined;
  if (recorded?.Status === "SUCCEEDED") {
    summary = readSummary(recorded);
    if (summary === undefined) {
      run.failInvocation(new InvocationError(`the summary recorded for ${op.subType} "${op.name}" cannot be read: ${recorded.ContextDetails?.Result?.slice(0, 80)}`));
      return BLOCKED;
    }
  }
  const base = updateBase(id, fiber.scope.contextId, op.name, "CONTEXT", op.subType);
  if (recorded === undefined) run.enqueue(fiber.scope, { ...base, Action: "START" });
  return new BatchRun(op, fiber, run, fiber.scope.childScope(position), base, summary).start();
}

/** What a batch records instead of its result when that is over 256 KB. */
interface Summary {
  completionReason: CompletionReason;
  /** One character per item: S succeeded, F failed, R still running at completion, - not started. */
  itemStatuses: string;
}

function readSummary(recorded: Operation): Summary | undefined {
  try {
    const summary = JSON.parse(recorded.ContextDetails?.Result ?? "") as Partial<Summary>;
    return typeof summary.completionReason === "string" && typeof summary.itemStatuses === "string" ? (summary as Summary) : undefined;
  } catch {
    return undefined;
  }
}

type ItemOutcome = { ok: true; value: unknown } | { ok: false; error: ChildFailedError };

class BatchRun {
  private readonly outcomes: (ItemOutcome | undefined)[];
  private readonly running = new Map<number, Scope>();
  private next = 0;
  private successes = 0;
  private failures = 0;
  private done = false;
  private launching = true;
  private immediate: { mode: Resumption; value: unknown } | undefined;
  private readonly settings: BatchSettings<unknown>;

  constructor(
    private readonly op: BatchOp<unknown>,
    private readonly fiber: Fiber,
    private readonly run: Run,
    private readonly scope: Scope,
    private readonly base: UpdateBase,
    private readonly summary: Summary | undefined,
  ) {
    this.settings = op.settings;
    this.outcomes = new Array(op.itemCount);
  }

  start(): Step {
    if (this.summary !== undefined) this.rebuild(this.summary);
    else if (this.op.itemCount === 0) this.complete("ALL_COMPLETED");
    else this.launchMore();
    this.launching = false;
    if (this.immediate === undefined) return BLOCKED;
    this.fiber.value = this.immediate.value;
    return this.immediate.mode;
  }

  /** Replays a batch whose result was too large to record: the items it names run again over their records. */
  private rebuild(summary: Summary): void {
    for (let index = 0; index < this.op.itemCount; index++) {
      const status = summary.itemStatuses[index];
      if (status === "S" || status === "F") this.launch(index);
      else if (status === "R") this.running.set(index, this.itemScope(index));
    }
    this.finish(summary.completionReason, false);
  }

  private launchMore(): void {
    while (!this.done && this.next < this.op.itemCount && this.running.size < this.settings.maxConcurrency) this.launch(this.next++);
  }

  private launch(index: number): void {
    let spec;
    try {
      spec = this.op.item(index);
    } catch (error) {
      this.settle(index, { ok: false, error: itemError(index, errorObjectOf(error)) });
      return;
    }
    const scope = this.itemScope(index);
    this.running.set(index, scope);
    if (this.settings.nesting === "flat") {
      this.runBody(index, scope, spec.run, undefined);
      return;
    }
    const position = index + 1;
    const id = this.scope.idAt(position);
    const recorded = this.run.recorded(this.scope, position, id, "CONTEXT", this.op.itemSubType, spec.name);
    if (recorded === MISMATCH) return;
    if (recorded?.Status === "SUCCEEDED" && recorded.ContextDetails?.ReplayChildren !== true) {
      this.run.replayedOne();
      this.run.skipRecordedChildren(id);
      this.settleRecorded(index, recorded.ContextDetails?.Result);
      return;
    }
    if (recorded?.Status === "FAILED") {
      this.run.replayedOne();
      this.run.skipRecordedChildren(id);
      this.settle(index, { ok: false, error: itemError(index, recorded.ContextDetails?.Error) });
      return;
    }
    const base = updateBase(id, this.scope.contextId, spec.name, "CONTEXT", this.op.itemSubType);
    if (recorded === undefined) this.run.enqueue(this.scope, { ...base, Action: "START" });
    this.runBody(index, scope, spec.run, recorded?.Status === "SUCCEEDED" ? undefined : base);
  }

  /** Flat items share the batch's CONTEXT as parent; nested ones have their own. Each gets its own cancellation. */
  private itemScope(index: number): Scope {
    const cancellation = { cancelled: false };
    if (this.settings.nesting === "nested") return this.scope.childScope(index + 1, cancellation);
    return new Scope(this.scope.pathAt(index + 1), this.scope.contextId, cancellation);
  }

  /** Runs an item's body; `base` is its CONTEXT's update base when its outcome is to be checkpointed. */
  private runBody(index: number, scope: Scope, body: () => unknown, base: UpdateBase | undefined): void {
    let generator: unknown;
    try {
      generator = body();
    } catch (error) {
      this.itemFailed(index, scope, base, errorObjectOf(error));
      return;
    }
    if (!isGenerator(generator)) {
      const error = new DurableUsageError(`item ${index} of ${this.op.subType} "${this.op.name}" must be a generator function (function*), it returned ${describe(generator)}`);
      this.itemFailed(index, scope, base, errorObjectOf(error));
      return;
    }
    this.run.startFiber(generator, scope, (mode, value) => {
      if (mode === THROW) {
        this.itemFailed(index, scope, base, errorObjectOf(value));
        return;
      }
      let payload: string | undefined;
      try {
        payload = serializePayload(this.settings.itemSerdes, value, `item ${index} of ${this.op.subType} "${this.op.name}"`, Number.POSITIVE_INFINITY);
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        this.itemFailed(index, scope, base, errorObjectOf(error));
        return;
      }
      if (base !== undefined) this.run.enqueue(this.scope, contextSucceeded(base, payload));
      this.settleRecorded(index, payload);
    });
  }

  private itemFailed(index: number, scope: Scope, base: UpdateBase | undefined, error: ErrorObject): void {
    if (base !== undefined && !scope.cancellation.cancelled) this.run.enqueue(this.scope, { ...base, Action: "FAIL", Error: error });
    this.settle(index, { ok: false, error: itemError(index, error) });
  }

  /** An item's value as the record reads back, so a first run and a replay see the same. */
  private settleRecorded(index: number, payload: string | undefined): void {
    let value: unknown;
    try {
      value = this.settings.itemSerdes.deserialize(payload);
    } catch (error) {
      this.run.failInvocation(new InvocationError(`the result of item ${index} of ${this.op.subType} "${this.op.name}" cannot be deserialized: ${(error as Error).message}`));
      return;
    }
    this.settle(index, { ok: true, value });
  }

  private settle(index: number, outcome: ItemOutcome): void {
    const scope = this.running.get(index);
    if (this.done || scope?.cancellation.cancelled) return;
    this.running.delete(index);
    this.outcomes[index] = outcome;
    if (outcome.ok) this.successes++;
    else this.failures++;
    if (this.summary !== undefined) return;
    const reason = this.completionReason();
    if (reason !== undefined) this.complete(reason);
    else this.launchMore();
  }

  private completionReason(): CompletionReason | undefined {
    const policy = this.settings.completion;
    const total = this.op.itemCount;
    const failFast = policy === undefined || (policy.minSuccessful === undefined && policy.toleratedFailureCount === undefined && policy.toleratedFailurePercentage === undefined);
    const exceeded = failFast
      ? this.failures > 0
      : (policy.toleratedFailureCount !== undefined && this.failures > policy.toleratedFailureCount) ||
        (policy.toleratedFailurePercentage !== undefined && (this.failures * 100) / total > policy.toleratedFailurePercentage);
    if (exceeded) return "FAILURE_TOLERANCE_EXCEEDED";
    if (this.successes + this.failures === total) return "ALL_COMPLETED";
    if (policy?.minSuccessful !== undefined && this.successes >= policy.minSuccessful) return "MIN_SUCCESSFUL_REACHED";
    return undefined;
  }

  private complete(reason: CompletionReason): void {
    this.finish(reason, true);
  }

  /** Builds the result, stops the items still running, and (unless replaying a summary) records the result. */
  private finish(reason: CompletionReason, record: boolean): void {
    this.done = true;
    const items: BatchItem<unknown>[] = [];
    for (let index = 0; index < this.op.itemCount; index++) {
      const outcome = this.outcomes[index];
      if (outcome !== undefined) items.push(outcome.ok ? { index, status: "SUCCEEDED", result: outcome.value } : { index, status: "FAILED", error: outcome.error });
      else if (this.running.has(index)) items.push({ index, status: "STARTED" });
    }
    for (const scope of this.running.values()) scope.cancellation.cancelled = true;
    const result = new BatchResult(items, reason);
    if (!record) return this.deliver(NEXT, result);
    let payload: string | undefined;
    try {
      payload = serializePayload(this.settings.serdes, result, `${this.op.subType} "${this.op.name}"`, Number.POSITIVE_INFINITY);
    } catch (error) {
      const failure = errorObjectOf(error);
      this.run.enqueue(this.fiber.scope, { ...this.base, Action: "FAIL", Error: failure });
      return this.deliver(THROW, new ChildFailedError(this.op.name, detailsOf(failure, "the batch failed")));
    }
    if (payload !== undefined && utf8Length(payload) > LIMITS.operationPayloadBytes) {
      this.run.enqueue(this.fiber.scope, { ...this.base, Action: "SUCCEED", Payload: JSON.stringify(summaryOf(result, this.op.subType, this.op.itemCount)), ContextOptions: { ReplayChildren: true } });
      return this.deliver(NEXT, result);
    }
    this.run.enqueue(this.fiber.scope, contextSucceeded(this.base, payload));
    const step = this.run.continueWith(this.fiber, this.settings.serdes, payload, this.op.subType, this.op.name);
    if (step !== BLOCKED) this.deliver(step, this.fiber.value);
  }

  private deliver(mode: Resumption, value: unknown): void {
    if (this.launching) this.immediate = { mode, value };
    else this.run.resume(this.fiber, mode, value);
  }
}

function summaryOf(result: BatchResult<unknown>, subType: string, itemCount: number): Summary & Record<string, unknown> {
  const statuses = new Array<string>(itemCount).fill("-");
  for (const item of result.all) statuses[item.index] = item.status === "SUCCEEDED" ? "S" : item.status === "FAILED" ? "F" : "R";
  return {
    type: `${subType}Result`,
    totalCount: result.totalCount,
    successCount: result.successCount,
    failureCount: result.failureCount,
    startedCount: result.startedCount,
    completionReason: result.completionReason,
    status: result.status,
    itemStatuses: statuses.join(""),
  };
}
