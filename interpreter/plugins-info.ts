import type { OperationInfo } from "./plugins-api";
import type { ErrorObject, Operation, Timestamp } from "./wire";

/** A recorded error as plugins see it: an Error named by the recorded ErrorType. */
export function errorFrom(error: ErrorObject): Error {
  const made = new Error(error.ErrorMessage ?? error.ErrorType ?? "failed");
  made.name = error.ErrorType ?? "Error";
  return made;
}

/** Epoch milliseconds (the Lambda event), a Date (client-lambda) or an ISO string, as a Date. */
export function toDate(timestamp: Timestamp | undefined): Date | undefined {
  if (timestamp === undefined) return undefined;
  const date = timestamp instanceof Date ? timestamp : new Date(timestamp);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An operation as plugins see it; fields the operation does not have are absent (not undefined). */
export function operationInfo(operation: Operation, isReplay: boolean): OperationInfo {
  const info: { -readonly [K in keyof OperationInfo]: OperationInfo[K] } = { id: operation.Id, type: operation.Type, isReplay, status: operation.Status };
  if (operation.Name !== undefined) info.name = operation.Name;
  if (operation.SubType !== undefined) info.subType = operation.SubType;
  if (operation.ParentId !== undefined) info.parentId = operation.ParentId;
  const start = toDate(operation.StartTimestamp);
  if (start !== undefined) info.startTimestamp = start;
  const end = toDate(operation.EndTimestamp);
  if (end !== undefined) info.endTimestamp = end;
  const details = operation.StepDetails ?? operation.ContextDetails ?? operation.CallbackDetails ?? operation.ChainedInvokeDetails;
  if (details?.Result !== undefined) info.result = details.Result;
  // A step that succeeded after a retry still carries the retried attempt's error: it is not the outcome.
  if (details?.Error !== undefined && operation.Status !== "SUCCEEDED") info.error = errorFrom(details.Error);
  if (operation.StepDetails?.Attempt !== undefined) info.attempt = operation.StepDetails.Attempt;
  return info;
}

/** `operations` by id, as plugins see them; made when a hook first reads it. */
export function operationRecord(operations: Iterable<Operation>, isReplay: (id: string) => boolean): Record<string, OperationInfo> {
  const record: Record<string, OperationInfo> = {};
  for (const operation of operations) record[operation.Id] = operationInfo(operation, isReplay(operation.Id));
  return record;
}

/**
 * A record of operations made when first read. Info objects hold one behind a getter of their class: an accessor
 * defined on each object (Object.defineProperty) would give every object a hidden class of its own that keeps the
 * getter, and with it the invocation's whole history, alive until the next full GC (measured: the old space grew by
 * 3-4 MB per replay of 3,000 steps, `npm run bench`'s plugin rows).
 */
export class LazyOperations {
  #compute: (() => Record<string, OperationInfo>) | undefined;
  #value: Record<string, OperationInfo> | undefined;

  constructor(compute: () => Record<string, OperationInfo>) {
    this.#compute = compute;
  }

  get value(): Record<string, OperationInfo> {
    if (this.#compute !== undefined) {
      this.#value = this.#compute();
      this.#compute = undefined;
    }
    return this.#value!;
  }
}
