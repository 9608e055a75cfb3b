import { produce, type Draft } from "immer";
import { isTerminal, LIMITS, type Operation, type OperationUpdate } from "../../interpreter/wire";

/** An update the service refuses; served as 400 InvalidParameterValueException. */
export class UpdateRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidParameterValueException";
  }
}

const ACTIONS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  STEP: ["START", "SUCCEED", "FAIL", "RETRY"],
  WAIT: ["START", "CANCEL"],
  CALLBACK: ["START", "CANCEL"],
  CHAINED_INVOKE: ["START", "CANCEL"],
  CONTEXT: ["START", "SUCCEED", "FAIL"],
  EXECUTION: ["SUCCEED", "FAIL"],
};

export interface ApplyContext {
  readonly now: Date;
  readonly newCallbackId: () => string;
}

/**
 * Applies one checkpoint's updates to an execution's operations, as the service does, and returns the operations
 * that changed (new immutable objects) and what each update made. Throws UpdateRejectedError,
 * applying nothing, on the first update the service would refuse.
 *
 * Only the operations the updates touch are drafted (their own, their parents', the EXECUTION for its updates):
 * drafting the whole map made immer copy it on every checkpoint, O(operations) each, which for a fresh execution of
 * 1,000 steps was most of the service's time and garbage.
 */
export function applyUpdates(
  operations: ReadonlyMap<string, Operation>,
  updates: readonly OperationUpdate[],
  context: ApplyContext,
): { changed: Operation[]; applied: { update: OperationUpdate; operation: Operation }[] } {
  const touched = new Map<string, Operation>();
  const touch = (id: string | undefined) => {
    const operation = id === undefined ? undefined : operations.get(id);
    if (operation !== undefined) touched.set(operation.Id, operation);
  };
  let execution: string | undefined;
  for (const update of updates) {
    if (update.Type === "EXECUTION") execution ??= executionId(operations, update);
    touch(update.Type === "EXECUTION" ? execution : update.Id);
    touch(update.ParentId);
  }
  const changedIds = new Set<string>();
  const ids: string[] = [];
  let added = 0;
  const next = produce(touched, (draft) => {
    updates.forEach((update, index) => {
      const id = update.Type === "EXECUTION" ? execution! : update.Id;
      if (!draft.has(id)) added++;
      applyUpdate(draft, { ...update, Id: id }, index, context);
      changedIds.add(id);
      ids.push(id);
    });
  });
  // Every execution holds its EXECUTION operation, which the limit does not count.
  const size = operations.size + added;
  if (size - 1 > LIMITS.operationsPerExecution) {
    throw new UpdateRejectedError(`this checkpoint would give the execution ${size - 1} operations; the limit is ${LIMITS.operationsPerExecution} per execution`);
  }
  return {
    changed: [...changedIds].map((id) => next.get(id)!),
    applied: updates.map((update, index) => ({ update, operation: next.get(ids[index]!)! })),
  };
}

function executionId(operations: ReadonlyMap<string, Operation>, update: OperationUpdate): string {
  for (const operation of operations.values()) if (operation.Type === "EXECUTION") return operation.Id;
  throw new UpdateRejectedError(`update ${update.Id}: the execution has no EXECUTION operation`);
}

function applyUpdate(draft: Draft<Map<string, Operation>>, update: OperationUpdate, index: number, context: ApplyContext): void {
  const where = `Updates[${index}] (Id ${update.Id}, ${update.Type} ${update.Action})`;
  const allowed = ACTIONS_BY_TYPE[update.Type];
  if (allowed === undefined) throw new UpdateRejectedError(`${where}: unknown Type`);
  if (!allowed.includes(update.Action)) throw new UpdateRejectedError(`${where}: ${update.Action} is not allowed for ${update.Type} (allowed: ${allowed.join(", ")})`);
  if (update.Action === "SUCCEED" && update.Error !== undefined) throw new UpdateRejectedError(`${where}: SUCCEED cannot carry an Error`);
  if ((update.Action === "FAIL" || update.Action === "RETRY") && update.Error === undefined && update.Payload === undefined) {
    throw new UpdateRejectedError(`${where}: ${update.Action} needs an Error (or, for a condition poll, a Payload)`);
  }
  if (update.ParentId !== undefined) {
    const parent = draft.get(update.ParentId);
    if (parent === undefined || parent.Type !== "CONTEXT" || parent.Status !== "STARTED") {
      throw new UpdateRejectedError(`${where}: ParentId ${update.ParentId} is not a started CONTEXT`);
    }
  }
  const existing = draft.get(update.Id);
  if (existing !== undefined && existing.Type !== update.Type) throw new UpdateRejectedError(`${where}: operation ${update.Id} is a ${existing.Type}, not a ${update.Type}`);
  if (existing !== undefined && isTerminal(existing)) throw new UpdateRejectedError(`${where}: the operation already ended ${existing.Status}`);
  if (existing === undefined && update.Action !== "START") throw new UpdateRejectedError(`${where}: the operation was never started`);
  const operation: Draft<Operation> = existing ?? draft.set(update.Id, started(update, context)).get(update.Id)!;
  const now = context.now;
  switch (update.Action) {
    case "START":
      if (existing !== undefined && existing.Type !== "STEP") throw new UpdateRejectedError(`${where}: the operation was already started`);
      operation.Status = "STARTED";
      if (existing === undefined) startDetails(operation, update, context);
      return;
    case "SUCCEED":
      operation.Status = "SUCCEEDED";
      operation.EndTimestamp = now;
      if (update.Type === "STEP") operation.StepDetails = { ...operation.StepDetails, Attempt: attempts(operation) + 1, Result: update.Payload };
      else if (update.Type === "CONTEXT") operation.ContextDetails = { Result: update.Payload, ReplayChildren: update.ContextOptions?.ReplayChildren };
      else operation.ExecutionDetails = { ...operation.ExecutionDetails };
      return;
    case "FAIL":
      operation.Status = "FAILED";
      operation.EndTimestamp = now;
      if (update.Type === "STEP") operation.StepDetails = { ...operation.StepDetails, Attempt: attempts(operation) + 1, Error: update.Error };
      else if (update.Type === "CONTEXT") operation.ContextDetails = { Error: update.Error };
      return;
    case "RETRY": {
      const delaySeconds = update.StepOptions?.NextAttemptDelaySeconds ?? 1;
      operation.Status = "PENDING";
      operation.StepDetails = {
        ...operation.StepDetails,
        Attempt: attempts(operation) + 1,
        Error: update.Error,
        Result: update.Payload ?? operation.StepDetails?.Result,
        NextAttemptTimestamp: new Date(now.getTime() + delaySeconds * 1000),
      };
      return;
    }
    case "CANCEL":
      operation.Status = "CANCELLED";
      operation.EndTimestamp = now;
      return;
  }
}

function attempts(operation: Draft<Operation>): number {
  return operation.StepDetails?.Attempt ?? 0;
}

function started(update: OperationUpdate, context: ApplyContext): Operation {
  const operation: Operation = { Id: update.Id, Type: update.Type, Status: "STARTED", StartTimestamp: context.now };
  if (update.ParentId !== undefined) operation.ParentId = update.ParentId;
  if (update.Name !== undefined) operation.Name = update.Name;
  if (update.SubType !== undefined) operation.SubType = update.SubType;
  return operation;
}

function startDetails(operation: Draft<Operation>, update: OperationUpdate, context: ApplyContext): void {
  if (update.Type === "WAIT") {
    const seconds = update.WaitOptions?.WaitSeconds ?? 0;
    operation.WaitDetails = { ScheduledEndTimestamp: new Date(context.now.getTime() + seconds * 1000) };
  } else if (update.Type === "CALLBACK") {
    operation.CallbackDetails = { CallbackId: context.newCallbackId() };
  } else if (update.Type === "CHAINED_INVOKE") {
    operation.ChainedInvokeDetails = {};
  }
}
