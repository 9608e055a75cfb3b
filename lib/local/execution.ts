import type { DurablePort } from "../../interpreter/port";
import type { DurableInvocationEvent, ErrorObject, Operation, OperationUpdate } from "../../interpreter/wire";
import { hashPath } from "../../interpreter/ids";
import { applyUpdates, UpdateRejectedError } from "./operations";

/** A checkpoint token that is not the execution's current one; served as 400, as AWS does. */
export class StaleTokenError extends Error {
  readonly $metadata = { httpStatusCode: 400 };
  constructor(token: string) {
    super(`Invalid Checkpoint Token: ${token} is not the current checkpoint token`);
    this.name = "InvalidParameterValueException";
  }
}

/**
 * One durable execution held in memory: its operations, the checkpoint token chain, and what the outside world
 * does to it (a wait's timer fires, a callback is answered, an invoked function returns, a retry delay passes).
 */
export class LocalExecution {
  private operations: ReadonlyMap<string, Operation>;
  private token: string;
  private tokens = 0;
  private callbacks = 0;
  /** Every checkpoint call's updates, in order. */
  readonly checkpoints: OperationUpdate[][] = [];

  constructor(
    readonly executionArn: string,
    input: unknown,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const execution: Operation = { Id: hashPath(`execution:${executionArn}`), Type: "EXECUTION", Status: "STARTED", StartTimestamp: clock() };
    if (input !== undefined) execution.ExecutionDetails = { InputPayload: JSON.stringify(input) };
    this.operations = new Map([[execution.Id, execution]]);
    this.token = this.nextToken();
  }

  /** The invocation event Lambda would receive now. */
  event(): DurableInvocationEvent {
    return { DurableExecutionArn: this.executionArn, CheckpointToken: this.token, InitialExecutionState: { Operations: [...this.operations.values()] } };
  }

  port(): DurablePort {
    return {
      checkpoint: async (checkpointToken, updates) => this.checkpoint(checkpointToken, updates),
      getState: async () => ({ Operations: [] }),
    };
  }

  checkpoint(checkpointToken: string, updates: readonly OperationUpdate[]): { CheckpointToken: string; NewExecutionState: { Operations: Operation[] } } {
    if (checkpointToken !== this.token) throw new StaleTokenError(checkpointToken);
    const { operations, changed } = applyUpdates(this.operations, updates, { now: this.clock(), newCallbackId: () => `callback-${++this.callbacks}` });
    this.operations = operations;
    this.checkpoints.push(updates.slice());
    this.token = this.nextToken();
    return { CheckpointToken: this.token, NewExecutionState: { Operations: changed } };
  }

  all(): Operation[] {
    return [...this.operations.values()];
  }

  /** The operation named `name` (the only one, or the one at `index` among those so named). */
  byName(name: string, index = 0): Operation {
    const found = this.all().filter((operation) => operation.Name === name)[index];
    if (found === undefined) throw new Error(`no operation named "${name}" (#${index}) in this execution`);
    return found;
  }

  completeWait(name: string): void {
    this.settle(this.byName(name).Id, { Status: "SUCCEEDED" });
  }

  /** Marks every retry whose delay is waiting READY, as the service does when the delay passes. */
  passRetryDelays(): void {
    for (const operation of this.all()) if (operation.Status === "PENDING") this.settle(operation.Id, { Status: "READY" });
  }

  succeedCallback(callbackId: string, result: string | undefined): void {
    const operation = this.byCallbackId(callbackId);
    this.settle(operation.Id, { Status: "SUCCEEDED", CallbackDetails: { ...operation.CallbackDetails, Result: result } });
  }

  failCallback(callbackId: string, error: ErrorObject): void {
    const operation = this.byCallbackId(callbackId);
    this.settle(operation.Id, { Status: "FAILED", CallbackDetails: { ...operation.CallbackDetails, Error: error } });
  }

  timeOutCallback(callbackId: string): void {
    const operation = this.byCallbackId(callbackId);
    this.settle(operation.Id, { Status: "TIMED_OUT", CallbackDetails: { ...operation.CallbackDetails, Error: { ErrorType: "Callback.Timeout", ErrorMessage: "the callback timed out" } } });
  }

  completeInvoke(name: string, outcome: { result?: string; error?: ErrorObject }): void {
    const operation = this.byName(name);
    this.settle(operation.Id, outcome.error === undefined
      ? { Status: "SUCCEEDED", ChainedInvokeDetails: { Result: outcome.result } }
      : { Status: "FAILED", ChainedInvokeDetails: { Error: outcome.error } });
  }

  private byCallbackId(callbackId: string): Operation {
    const found = this.all().find((operation) => operation.CallbackDetails?.CallbackId === callbackId);
    if (found === undefined) throw new UpdateRejectedError(`no callback with id ${callbackId}`);
    return found;
  }

  private settle(id: string, change: Partial<Operation>): void {
    const next = new Map(this.operations);
    next.set(id, { ...next.get(id)!, ...change, ...(change.Status === "READY" ? {} : { EndTimestamp: this.clock() }) });
    this.operations = next;
  }

  private nextToken(): string {
    return `token-${++this.tokens}`;
  }
}
