import { createHmac, randomBytes } from "node:crypto";
import type { DurablePort } from "../../interpreter/port";
import type { DurableInvocationEvent, ErrorObject, Operation, OperationUpdate } from "../../interpreter/wire";
import { LIMITS } from "../../interpreter/wire";
import { hashPath } from "../../interpreter/ids";
import { applyUpdates, UpdateRejectedError } from "./operations";
import { CALLBACK_TIMEOUT_MESSAGES, EventLog } from "./events";
import type { ArchivedSummary, ArchiveRecord } from "./archive";

/** A checkpoint token that is not the execution's current one; served as 400, as AWS does. */
export class StaleTokenError extends Error {
  readonly $metadata = { httpStatusCode: 400 };
  constructor(token: string) {
    super(`Invalid Checkpoint Token: ${token} is not the current checkpoint token`);
    this.name = "InvalidParameterValueException";
  }
}

export type { ExecutionStatus, InvocationRecord } from "./execution-records";
import type { ExecutionStatus, InvocationRecord } from "./execution-records";
import { callbackIdNamed, operationNamed } from "./operation-lookup";

export type AppliedUpdate = { update: OperationUpdate; operation: Operation };

/** What a checkpoint call answers, and what it applied (the service schedules timers from it). */
export interface CheckpointResponse {
  CheckpointToken: string;
  NewExecutionState: { Operations: Operation[] };
  applied: AppliedUpdate[];
}

/** A checkpoint checked and computed, not yet applied: what the service journals before it applies it. */
export interface PreparedCheckpoint {
  readonly updates: readonly OperationUpdate[];
  readonly changed: Operation[];
  readonly applied: AppliedUpdate[];
  readonly callbacks: number;
  readonly at: Date;
}

/** A checkpoint token nobody can guess from the execution's ARN or its previous tokens. */
export function newCheckpointToken(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * One durable execution: its operations, the checkpoint token chain, its history of events, and what the outside
 * world does to it (a wait's timer fires, a callback is answered, an invoked function returns, a retry delay
 * passes). Operations changed from outside are reported in the next checkpoint response.
 */
export class LocalExecution {
  /** Changed in place: the operations in it are immutable, and the map itself never leaves this class. */
  private readonly operations: Map<string, Operation>;
  private token: string;
  private callbacks = 0;
  private readonly changedOutside = new Set<string>();
  readonly history = new EventLog();
  readonly invocations: InvocationRecord[] = [];
  /** Every checkpoint call's updates, in order. */
  readonly checkpoints: OperationUpdate[][] = [];
  private readonly heartbeats = new Map<string, number>();
  status: ExecutionStatus = "RUNNING";
  result: string | undefined;
  error: ErrorObject | undefined;
  readonly startedAt: Date;
  /** The Id of the EXECUTION operation, which its own events (ExecutionStarted, the terminal one) carry. */
  readonly executionOperationId: string;

  constructor(
    readonly executionArn: string,
    input: unknown,
    private readonly clock: () => Date = () => new Date(),
    readonly functionName = "local",
    executionTimeoutSeconds?: number,
    /** Signs callback ids so that nobody can make one up from the execution's ARN; kept in the journal. */
    private readonly callbackSecret?: string,
    /** The first checkpoint token; random unless the journal says which it was. */
    token: string = newCheckpointToken(),
  ) {
    this.startedAt = clock();
    const inputPayload = input === undefined ? undefined : JSON.stringify(input);
    this.executionOperationId = hashPath(`execution:${executionArn}`);
    const execution: Operation = { Id: this.executionOperationId, Type: "EXECUTION", Status: "STARTED", StartTimestamp: this.startedAt };
    if (inputPayload !== undefined) execution.ExecutionDetails = { InputPayload: inputPayload };
    this.operations = new Map([[execution.Id, execution]]);
    this.token = token;
    this.history.append("ExecutionStarted", this.startedAt, { Input: { Payload: inputPayload, Truncated: false }, ExecutionTimeout: executionTimeoutSeconds }, execution);
  }

  /** A finished execution as it was archived: readable as before, never changed again. */
  static fromArchive(record: ArchiveRecord): LocalExecution {
    const { summary } = record;
    const execution = new LocalExecution(summary.arn, undefined, () => new Date(summary.startedAt), summary.functionName, undefined, undefined, "archived");
    execution.operations.clear();
    for (const operation of record.operations) execution.operations.set(operation.Id, operation);
    execution.history.events.splice(0, execution.history.events.length, ...record.events);
    execution.invocations.push(...record.invocations);
    execution.status = summary.status;
    execution.result = record.result;
    execution.error = record.error;
    return execution;
  }

  toArchive(summary: ArchivedSummary): ArchiveRecord {
    return { summary, result: this.result, error: this.error, operations: this.all(), events: this.history.events, invocations: this.invocations };
  }

  /** The invocation event Lambda would receive now; the state beyond the first page comes from GetDurableExecutionState. */
  event(pageSize: number = LIMITS.statePageSize): DurableInvocationEvent {
    const operations = this.all();
    const first = operations.slice(0, pageSize);
    const state = operations.length > pageSize ? { Operations: first, NextMarker: String(pageSize) } : { Operations: first };
    const updated = this.invocations.at(-1)?.updatedOperationIds ?? [];
    return { DurableExecutionArn: this.executionArn, CheckpointToken: this.token, InitialExecutionState: state, UpdatedOperationIds: updated };
  }

  /** A page of the operations for GetDurableExecutionState; `marker` is the index to start at. */
  page(checkpointToken: string, marker: string | undefined, maxItems: number): { Operations: Operation[]; NextMarker?: string } {
    if (checkpointToken !== this.token) throw new StaleTokenError(checkpointToken);
    const operations = this.all();
    const start = Number(marker ?? "0") || 0;
    const size = Math.max(1, Math.min(maxItems, LIMITS.statePageSize));
    const page = operations.slice(start, start + size);
    return start + size < operations.length ? { Operations: page, NextMarker: String(start + size) } : { Operations: page };
  }

  /** A port for running the interpreter in-process against this execution (no HTTP). */
  port(onApplied?: (applied: AppliedUpdate[]) => void): DurablePort {
    return {
      checkpoint: async (checkpointToken, updates) => {
        const response = this.checkpoint(checkpointToken, updates);
        onApplied?.(response.applied);
        return response;
      },
      getState: async (checkpointToken, marker) => this.page(checkpointToken, marker, LIMITS.statePageSize),
    };
  }

  checkpoint(checkpointToken: string, updates: readonly OperationUpdate[], nextToken: string = newCheckpointToken()): CheckpointResponse {
    return this.commitCheckpoint(this.prepareCheckpoint(checkpointToken, updates), nextToken);
  }

  /** Checks a checkpoint and computes what it changes, changing nothing; throws what the service would answer. */
  prepareCheckpoint(checkpointToken: string, updates: readonly OperationUpdate[]): PreparedCheckpoint {
    if (checkpointToken !== this.token) throw new StaleTokenError(checkpointToken);
    if (this.status !== "RUNNING") throw new UpdateRejectedError(`the execution already ended ${this.status}`);
    const at = this.clock();
    let callbacks = this.callbacks;
    const { changed, applied } = applyUpdates(this.operations, updates, { now: at, newCallbackId: () => this.callbackId(++callbacks) });
    return { updates, changed, applied, callbacks, at };
  }

  /** Applies a prepared checkpoint (which no other change may have come before) and answers it. */
  commitCheckpoint(prepared: PreparedCheckpoint, nextToken: string): CheckpointResponse {
    const { changed, applied, at } = prepared;
    for (const operation of changed) this.operations.set(operation.Id, operation);
    this.callbacks = prepared.callbacks;
    this.checkpoints.push(prepared.updates.slice());
    for (const { update, operation } of applied) this.history.recordUpdate(update, operation, at);
    const reported = new Map(changed.map((operation) => [operation.Id, operation]));
    for (const id of this.changedOutside) reported.set(id, this.operations.get(id)!);
    this.changedOutside.clear();
    this.token = nextToken;
    return { CheckpointToken: this.token, NewExecutionState: { Operations: [...reported.values()] }, applied };
  }

  /** Records a heartbeat of an open callback; returns its time. */
  heartbeat(callbackId: string): number {
    this.openCallback(callbackId);
    const at = this.clock().getTime();
    this.heartbeats.set(callbackId, at);
    return at;
  }

  lastHeartbeat(callbackId: string): number | undefined {
    return this.heartbeats.get(callbackId);
  }

  all(): Operation[] {
    return [...this.operations.values()];
  }

  get(id: string): Operation | undefined {
    return this.operations.get(id);
  }

  /** The operation named `name` (the one at `index` among those so named). */
  byName(name: string, index = 0): Operation {
    return operationNamed(this.all(), name, index);
  }

  /** The callback id of the CALLBACK named `name`, or inside the waitForCallback context named `name`. */
  callbackIdOf(name: string, index = 0): string {
    return callbackIdNamed(this.all(), name, index);
  }

  byCallbackId(callbackId: string): Operation {
    const found = this.all().find((operation) => operation.Type === "CALLBACK" && operation.CallbackDetails?.CallbackId === callbackId);
    if (found === undefined) throw new CallbackNotFoundError(callbackId);
    return found;
  }

  /** Operations that wait on the outside world or a timer. */
  pending(): Operation[] {
    return this.all().filter((operation) => operation.Status === "STARTED" && (operation.Type === "WAIT" || operation.Type === "CALLBACK" || operation.Type === "CHAINED_INVOKE") || operation.Status === "PENDING");
  }

  completeWait(name: string): void {
    this.completeWaitById(this.byName(name).Id);
  }

  completeWaitById(id: string): void {
    this.settle(id, { Status: "SUCCEEDED" });
  }

  /** Marks every retry whose delay is waiting READY, as the service does when the delay passes. */
  passRetryDelays(): void {
    for (const operation of this.all()) if (operation.Status === "PENDING") this.readyRetry(operation.Id);
  }

  readyRetry(id: string): void {
    this.settle(id, { Status: "READY" });
  }

  succeedCallback(callbackId: string, result: string | undefined): void {
    const operation = this.openCallback(callbackId);
    this.settle(operation.Id, { Status: "SUCCEEDED", CallbackDetails: { ...operation.CallbackDetails, Result: result } });
  }

  failCallback(callbackId: string, error: ErrorObject): void {
    const operation = this.openCallback(callbackId);
    this.settle(operation.Id, { Status: "FAILED", CallbackDetails: { ...operation.CallbackDetails, Error: error } });
  }

  timeOutCallback(callbackId: string, kind: "Callback.Timeout" | "Callback.Heartbeat" = "Callback.Timeout"): void {
    const operation = this.openCallback(callbackId);
    this.settle(operation.Id, { Status: "TIMED_OUT", CallbackDetails: { ...operation.CallbackDetails, Error: { ErrorType: kind, ErrorMessage: CALLBACK_TIMEOUT_MESSAGES[kind] } } });
  }

  completeInvoke(name: string, outcome: { result?: string; error?: ErrorObject }): void {
    this.completeInvokeById(this.byName(name).Id, outcome);
  }

  completeInvokeById(id: string, outcome: { result?: string; error?: ErrorObject }): void {
    this.settle(id, outcome.error === undefined
      ? { Status: "SUCCEEDED", ChainedInvokeDetails: { Result: outcome.result } }
      : { Status: "FAILED", ChainedInvokeDetails: { Error: outcome.error } });
  }

  /** The open callback with this id; an unknown or finished one is refused, as the service refuses it. */
  openCallback(callbackId: string): Operation {
    const operation = this.byCallbackId(callbackId);
    if (operation.Status !== "STARTED") throw new CallbackNotFoundError(callbackId, operation.Status);
    return operation;
  }

  /** Starts an invocation: what changed from outside until now is in its event, so only later changes are unseen. */
  invocationStarted(requestId: string): InvocationRecord {
    const record: InvocationRecord = { requestId, start: this.clock(), updatedOperationIds: [...this.changedOutside] };
    this.changedOutside.clear();
    this.invocations.push(record);
    return record;
  }

  /**
   * Ends an invocation; `error` is a crash's (no status) or a FAILED output's. As in the official emulator's histories,
   * the event carries either error, and an empty Error otherwise; the record keeps crashes only.
   */
  invocationCompleted(record: InvocationRecord, status: string | undefined, error?: ErrorObject): void {
    record.end = this.clock();
    record.status = status;
    if (error !== undefined && status === undefined) record.error = error;
    const details = { StartTimestamp: record.start, EndTimestamp: record.end, RequestId: record.requestId, Error: error === undefined ? {} : { Payload: error, Truncated: false } };
    this.history.append("InvocationCompleted", record.end, details);
  }

  /** Operations changed from outside that no invocation has seen yet (in its event or a checkpoint's answer). */
  get hasUnseenChanges(): boolean {
    return this.changedOutside.size > 0;
  }

  /** Ends the execution with its terminal event. A result over 6 MB was checkpointed on the EXECUTION operation. */
  finish(status: Exclude<ExecutionStatus, "RUNNING">, outcome: { result?: string; error?: ErrorObject }): void {
    if (this.status !== "RUNNING") return;
    this.status = status;
    this.result = status !== "SUCCEEDED" ? undefined : outcome.result ? outcome.result : this.checkpointedResult() ?? outcome.result;
    this.error = outcome.error;
    const now = this.clock();
    const type = { SUCCEEDED: "ExecutionSucceeded", FAILED: "ExecutionFailed", TIMED_OUT: "ExecutionTimedOut", STOPPED: "ExecutionStopped" }[status];
    this.history.append(type, now, status === "SUCCEEDED" ? { Result: { Payload: this.result, Truncated: false } } : { Error: { Payload: outcome.error ?? {}, Truncated: false } }, this.operations.get(this.executionOperationId));
  }

  /** A result over 6 MB comes as the EXECUTION's SUCCEED update instead of the invocation's output. */
  private checkpointedResult(): string | undefined {
    const succeeded = this.checkpoints.flat().filter((update) => update.Type === "EXECUTION" && update.Action === "SUCCEED").at(-1);
    return succeeded?.Payload;
  }

  private settle(id: string, change: Partial<Operation>): void {
    const current = this.operations.get(id);
    if (current === undefined) throw new UpdateRejectedError(`no operation ${id}`);
    const operation: Operation = { ...current, ...change, ...(change.Status === "READY" ? {} : { EndTimestamp: this.clock() }) };
    this.operations.set(id, operation);
    this.changedOutside.add(id);
    this.history.recordCompletion(operation, this.clock());
  }

  private callbackId(sequence: number): string {
    const name = `${this.executionArn}#${sequence}`;
    const id = Buffer.from(name).toString("base64url");
    if (this.callbackSecret === undefined) return id;
    return `${id}.${createHmac("sha256", this.callbackSecret).update(name).digest("base64url").slice(0, 22)}`;
  }
}

/** No open callback has this id; served as 404 ResourceNotFoundException (or 400 when it already ended). */
export class CallbackNotFoundError extends Error {
  constructor(readonly callbackId: string, readonly endedAs?: string) {
    super(endedAs === undefined ? `no callback with id ${callbackId}` : `callback ${callbackId} already ended ${endedAs}`);
    this.name = endedAs === undefined ? "ResourceNotFoundException" : "InvalidParameterValueException";
  }
}
