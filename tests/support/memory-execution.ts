import { hashPath } from "../../interpreter/ids";
import type { DurablePort } from "../../interpreter/port";
import { isTerminal, LIMITS, type DurableInvocationEvent, type ErrorObject, type Operation, type OperationUpdate } from "../../interpreter/wire";
import { callbackIdNamed, operationNamed } from "../../lib/local/operation-lookup";

/**
 * One execution's state in memory, as the service keeps it, with just enough of the service's behaviour for the
 * interpreter's unit tests: checkpoints applied in order (START, SUCCEED, FAIL, RETRY, CANCEL), the token chain,
 * paging, and what the outside world does (a wait ends, a callback is answered, an invoke completes, a retry delay
 * passes). The local service (lib/local) is the full emulator; these tests do not go through it.
 */
export class MemoryExecution {
  /** The updates of every checkpoint call, in order. */
  readonly checkpoints: OperationUpdate[][] = [];
  status: "RUNNING" | "SUCCEEDED" | "FAILED" = "RUNNING";
  private readonly operations = new Map<string, Operation>();
  /** Operations changed by the outside world since the last checkpoint: the next response reports them. */
  private readonly changedOutside = new Set<string>();
  private tokens = 0;
  private token: string;
  private callbacks = 0;

  constructor(readonly executionArn: string, input: unknown, private readonly clock: () => Date = () => new Date()) {
    const execution: Operation = { Id: hashPath(`execution:${executionArn}`), Type: "EXECUTION", Status: "STARTED", StartTimestamp: clock() };
    if (input !== undefined) execution.ExecutionDetails = { InputPayload: JSON.stringify(input) };
    this.operations.set(execution.Id, execution);
    this.token = this.nextToken();
  }

  /** The invocation event Lambda would receive now; beyond `pageSize` operations, the rest is paged. */
  event(pageSize: number = LIMITS.statePageSize): DurableInvocationEvent {
    const operations = this.all();
    const state = operations.length > pageSize ? { Operations: operations.slice(0, pageSize), NextMarker: String(pageSize) } : { Operations: operations };
    return { DurableExecutionArn: this.executionArn, CheckpointToken: this.token, InitialExecutionState: state };
  }

  port(): DurablePort {
    return {
      checkpoint: async (checkpointToken, updates) => this.checkpoint(checkpointToken, updates),
      getState: async (checkpointToken, marker) => {
        this.checkToken(checkpointToken);
        const operations = this.all();
        const start = Number(marker) || 0;
        const page = operations.slice(start, start + LIMITS.statePageSize);
        return start + LIMITS.statePageSize < operations.length ? { Operations: page, NextMarker: String(start + LIMITS.statePageSize) } : { Operations: page };
      },
    };
  }

  checkpoint(checkpointToken: string, updates: readonly OperationUpdate[]): { CheckpointToken: string; NewExecutionState: { Operations: Operation[] } } {
    this.checkToken(checkpointToken);
    const changed = new Set(this.changedOutside);
    this.changedOutside.clear();
    for (const update of updates) changed.add(this.apply(update));
    this.checkpoints.push(updates.slice());
    this.token = this.nextToken();
    return { CheckpointToken: this.token, NewExecutionState: { Operations: [...changed].map((id) => this.operations.get(id)!) } };
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

  completeWait(name: string): void {
    this.settle(this.byName(name).Id, { Status: "SUCCEEDED" });
  }

  /** Every retry waiting for its delay becomes READY, as the service does when the delay passes. */
  passRetryDelays(): void {
    for (const operation of this.all()) if (operation.Status === "PENDING") this.settle(operation.Id, { Status: "READY" });
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
    // The service's texts (lib/local/execution.ts), so a test reads the same either way.
    const message = kind === "Callback.Timeout" ? "Callback timed out" : "Callback timed out on heartbeat";
    this.settle(operation.Id, { Status: "TIMED_OUT", CallbackDetails: { ...operation.CallbackDetails, Error: { ErrorType: kind, ErrorMessage: message } } });
  }

  completeInvoke(name: string, outcome: { result?: string; error?: ErrorObject }): void {
    this.settle(this.byName(name).Id, outcome.error === undefined
      ? { Status: "SUCCEEDED", ChainedInvokeDetails: { Result: outcome.result } }
      : { Status: "FAILED", ChainedInvokeDetails: { Error: outcome.error } });
  }

  private openCallback(callbackId: string): Operation {
    const operation = this.all().find((candidate) => candidate.Type === "CALLBACK" && candidate.CallbackDetails?.CallbackId === callbackId);
    if (operation === undefined || operation.Status !== "STARTED") throw new Error(`no open callback ${callbackId}`);
    return operation;
  }

  private settle(id: string, change: Partial<Operation>): void {
    const operation = this.operations.get(id);
    if (operation === undefined) throw new Error(`no operation ${id}`);
    const settled = { ...operation, ...change };
    if (isTerminal(settled)) settled.EndTimestamp = this.clock();
    this.operations.set(id, settled);
    this.changedOutside.add(id);
  }

  /** Applies one update as the service does; returns the id of the operation it changed. */
  private apply(update: OperationUpdate): string {
    const now = this.clock();
    if (update.Type === "EXECUTION") {
      const execution = this.all().find((operation) => operation.Type === "EXECUTION")!;
      this.status = update.Action === "SUCCEED" ? "SUCCEEDED" : "FAILED";
      this.operations.set(execution.Id, { ...execution, Status: this.status, EndTimestamp: now });
      return execution.Id;
    }
    const existing = this.operations.get(update.Id);
    if (existing !== undefined && isTerminal(existing)) throw new Error(`update ${update.Id} ${update.Action}: the operation already ended ${existing.Status}`);
    if (existing === undefined && update.Action !== "START") throw new Error(`update ${update.Id} ${update.Action}: the operation was never started`);
    const operation: Operation = existing === undefined ? this.started(update, now) : { ...existing };
    switch (update.Action) {
      case "START":
        operation.Status = "STARTED";
        break;
      case "SUCCEED":
        operation.Status = "SUCCEEDED";
        operation.EndTimestamp = now;
        if (update.Type === "STEP") operation.StepDetails = { ...operation.StepDetails, Attempt: (operation.StepDetails?.Attempt ?? 0) + 1, Result: update.Payload };
        else operation.ContextDetails = { Result: update.Payload, ReplayChildren: update.ContextOptions?.ReplayChildren };
        break;
      case "FAIL":
        operation.Status = "FAILED";
        operation.EndTimestamp = now;
        if (update.Type === "STEP") operation.StepDetails = { ...operation.StepDetails, Attempt: (operation.StepDetails?.Attempt ?? 0) + 1, Error: update.Error };
        else operation.ContextDetails = { Error: update.Error };
        break;
      case "RETRY":
        operation.Status = "PENDING";
        operation.StepDetails = {
          ...operation.StepDetails,
          Attempt: (operation.StepDetails?.Attempt ?? 0) + 1,
          Error: update.Error,
          Result: update.Payload ?? operation.StepDetails?.Result,
          NextAttemptTimestamp: new Date(now.getTime() + (update.StepOptions?.NextAttemptDelaySeconds ?? 1) * 1000),
        };
        break;
      case "CANCEL":
        operation.Status = "CANCELLED";
        operation.EndTimestamp = now;
        break;
    }
    this.operations.set(operation.Id, operation);
    return operation.Id;
  }

  private started(update: OperationUpdate, now: Date): Operation {
    const operation: Operation = { Id: update.Id, Type: update.Type, Status: "STARTED", StartTimestamp: now };
    if (update.ParentId !== undefined) operation.ParentId = update.ParentId;
    if (update.Name !== undefined) operation.Name = update.Name;
    if (update.SubType !== undefined) operation.SubType = update.SubType;
    if (update.Type === "WAIT") operation.WaitDetails = { ScheduledEndTimestamp: new Date(now.getTime() + (update.WaitOptions?.WaitSeconds ?? 0) * 1000) };
    if (update.Type === "CALLBACK") operation.CallbackDetails = { CallbackId: `callback-${++this.callbacks}` };
    if (update.Type === "CHAINED_INVOKE") operation.ChainedInvokeDetails = {};
    return operation;
  }

  private checkToken(checkpointToken: string): void {
    if (checkpointToken !== this.token) throw new Error(`stale checkpoint token ${checkpointToken} (the current one is ${this.token})`);
  }

  private nextToken(): string {
    return `token-${++this.tokens}`;
  }
}
