import type { BatchOp, BatchSettings } from "../../dsl/batch";
import { BatchResult, itemError, type BatchItem, type CompletionReason } from "../../dsl/batch-result";
import { ChildFailedError } from "../../dsl/errors";
import { detailsOf, errorObjectOf } from "../error-objects";
import { NEXT, THROW, MISMATCH, type Done, type Runner, type RunnerHost } from "../host";
import { InvocationError } from "../invocation-error";
import { payloadFailure, readPayload, serializePayload, utf8Length } from "../payload";
import { Scope } from "../scope";
import { updateBase, type UpdateBase } from "../updates";
import { LIMITS, type ErrorObject, type Operation } from "../wire";
import { contextSucceeded, replayContext, startBody } from "./recorded-context";

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
 * from the items. Operations recorded by items the batch did not wait for are passed over (not reached).
 */
export const runBatch: Runner<BatchOp<unknown>> = (op, scope, position, host, done) => {
  const recorded = host.recorded(scope, position, "CONTEXT", op.subType, op.name);
  if (recorded === MISMATCH) return;
  if (replayContext(recorded, op.settings.serdes, op.subType, op.name, (error) => new ChildFailedError(op.name, detailsOf(error, "the batch failed")), host, done)) return;
  let summary: Summary | undefined;
  if (recorded?.Status === "SUCCEEDED") {
    summary = readSummary(recorded);
    if (summary === undefined) {
      host.failInvocation(new InvocationError(`the summary recorded for ${op.subType} "${op.name}" cannot be read: ${recorded.ContextDetails?.Result?.slice(0, 80)}`));
      return;
    }
  }
  const base = updateBase(scope.idAt(position), scope.contextId, op.name, "CONTEXT", op.subType);
  if (recorded === undefined) host.record(scope, { ...base, Action: "START" });
  new BatchRun(op, scope, host, done, scope.childScope(position), base, summary).start();
};

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
  /** Items whose body or record this invocation reached (a rebuilt summary's running items are not). */
  private readonly launched = new Set<number>();
  private next = 0;
  private successes = 0;
  private failures = 0;
  private done = false;
  private readonly settings: BatchSettings<unknown>;

  constructor(
    private readonly op: BatchOp<unknown>,
    private readonly parent: Scope,
    private readonly host: RunnerHost,
    private readonly answer: Done,
    private readonly scope: Scope,
    private readonly base: UpdateBase,
    private readonly summary: Summary | undefined,
  ) {
    this.settings = op.settings;
    this.outcomes = new Array(op.itemCount);
  }

  start(): void {
    if (this.summary !== undefined) this.rebuild(this.summary);
    else if (this.op.itemCount === 0) this.finish("ALL_COMPLETED", true);
    else this.launchMore();
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
    this.launched.add(index);
    let spec;
    try {
      spec = this.op.item(index);
    } catch (error) {
      this.itemEnded(index, { ok: false, error: itemError(index, errorObjectOf(error)) });
      return;
    }
    const scope = this.itemScope(index);
    this.running.set(index, scope);
    if (this.settings.nesting === "flat") {
      this.runBody(index, scope, spec.run, undefined);
      return;
    }
    const position = index + 1;
    const recorded = this.host.recorded(this.scope, position, "CONTEXT", this.op.itemSubType, spec.name);
    if (recorded === MISMATCH) return;
    if (replayContext(recorded, this.settings.itemSerdes, this.op.itemSubType, spec.name, (error) => itemError(index, error), this.host, this.itemDone(index))) return;
    const base = updateBase(this.scope.idAt(position), this.scope.contextId, spec.name, "CONTEXT", this.op.itemSubType);
    if (recorded === undefined) this.host.record(this.scope, { ...base, Action: "START" });
    this.runBody(index, scope, spec.run, recorded?.Status === "SUCCEEDED" ? undefined : base);
  }

  /** Flat items share the batch's CONTEXT as parent; nested ones have their own. Each gets its own cancellation. */
  private itemScope(index: number): Scope {
    const cancellation = { cancelled: false };
    if (this.settings.nesting === "nested") return this.scope.childScope(index + 1, cancellation);
    return new Scope(this.scope.pathAt(index + 1), this.scope.contextId, cancellation);
  }

  /** An item's answer: its value as it reads back, or its failure. */
  private itemDone(index: number): Done {
    return (mode, value) => this.itemEnded(index, mode === NEXT ? { ok: true, value } : { ok: false, error: value as ChildFailedError });
  }

  /** Runs an item's body; `base` is its CONTEXT's update base when its outcome is to be checkpointed. */
  private runBody(index: number, scope: Scope, body: () => unknown, base: UpdateBase | undefined): void {
    const what = `item ${index} of ${this.op.subType} "${this.op.name}"`;
    startBody(body, what, scope, this.host, (mode, value) => {
      if (mode === THROW) return this.itemFailed(index, scope, base, errorObjectOf(value));
      let payload: string | undefined;
      try {
        payload = serializePayload(this.settings.itemSerdes, value, what, Number.POSITIVE_INFINITY);
      } catch (error) {
        return this.itemFailed(index, scope, base, payloadFailure(error));
      }
      if (base !== undefined) this.host.record(this.scope, contextSucceeded(base, payload));
      readPayload(this.settings.itemSerdes, payload, this.op.itemSubType, what, this.itemDone(index), this.host);
    });
  }

  private itemFailed(index: number, scope: Scope, base: UpdateBase | undefined, error: ErrorObject): void {
    if (base !== undefined && !scope.cancellation.cancelled) this.host.record(this.scope, { ...base, Action: "FAIL", Error: error });
    this.itemEnded(index, { ok: false, error: itemError(index, error) });
  }

  private itemEnded(index: number, outcome: ItemOutcome): void {
    const scope = this.running.get(index);
    if (this.done || scope?.cancellation.cancelled) return;
    this.running.delete(index);
    this.outcomes[index] = outcome;
    if (outcome.ok) this.successes++;
    else this.failures++;
    if (this.summary !== undefined) return;
    const reason = this.completionReason();
    if (reason !== undefined) this.finish(reason, true);
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
    this.passOverUnfinished();
    const result = new BatchResult(items, reason);
    if (!record) return this.answer(NEXT, result);
    let payload: string | undefined;
    try {
      payload = serializePayload(this.settings.serdes, result, `${this.op.subType} "${this.op.name}"`, Number.POSITIVE_INFINITY);
    } catch (error) {
      const failure = payloadFailure(error);
      this.host.record(this.parent, { ...this.base, Action: "FAIL", Error: failure });
      return this.answer(THROW, new ChildFailedError(this.op.name, detailsOf(failure, "the batch failed")));
    }
    if (payload !== undefined && utf8Length(payload) > LIMITS.operationPayloadBytes) {
      this.host.record(this.parent, { ...this.base, Action: "SUCCEED", Payload: JSON.stringify(summaryOf(result, this.op.subType, this.op.itemCount)), ContextOptions: { ReplayChildren: true } });
      return this.answer(NEXT, result);
    }
    this.host.record(this.parent, contextSucceeded(this.base, payload));
    readPayload(this.settings.serdes, payload, this.op.subType, this.op.name, this.answer, this.host);
  }

  /**
   * What the items the batch did not wait for recorded (in an earlier invocation) stays beyond the code's reach:
   * an item still running at completion, or not started again in this invocation.
   */
  private passOverUnfinished(): void {
    for (let index = 0; index < this.op.itemCount; index++) {
      if (this.outcomes[index] !== undefined) continue;
      if (this.settings.nesting === "flat") {
        // Flat items' operations are the batch context's own: none of them can be told apart by item.
        if (this.scope.contextId !== undefined) this.host.passOverContents(this.scope.contextId);
        return;
      }
      if (this.launched.has(index) && this.running.has(index)) this.host.passOverContents(this.scope.idAt(index + 1));
      else this.host.passOver(this.scope, index + 1);
    }
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
