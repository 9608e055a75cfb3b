import { describe } from "../dsl/duration";
import type { DurableInvocationEvent, Operation } from "../interpreter/wire";

/** The event is not a durable invocation (the function is not configured as durable, or was invoked directly). */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidEventError";
  }
}

const OPERATION_TYPES = new Set(["EXECUTION", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE", "CONTEXT"]);
const OPERATION_STATUSES = new Set(["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

/** Checks the shape of a durable invocation event, naming the first field that is wrong. */
export function parseInvocationEvent(event: unknown): DurableInvocationEvent {
  if (event === null || typeof event !== "object" || Array.isArray(event)) {
    throw new InvalidEventError(`expected a durable invocation event (an object with DurableExecutionArn, CheckpointToken and InitialExecutionState), got ${describe(event)}. Is the function configured with DurableConfig?`);
  }
  const record = event as Record<string, unknown>;
  for (const field of ["DurableExecutionArn", "CheckpointToken"]) {
    if (typeof record[field] !== "string" || record[field] === "") {
      throw new InvalidEventError(`the event is not a durable invocation: ${field} is ${record[field] === undefined ? "missing" : `not a non-empty string (${describe(record[field])})`}. Is the function configured with DurableConfig?`);
    }
  }
  const state = record.InitialExecutionState ?? {};
  if (state === null || typeof state !== "object" || Array.isArray(state)) {
    throw new InvalidEventError(`the event's InitialExecutionState must be an object, got ${describe(state)}`);
  }
  const { Operations = [], NextMarker } = state as Record<string, unknown>;
  if (!Array.isArray(Operations)) throw new InvalidEventError(`the event's InitialExecutionState.Operations must be an array, got ${describe(Operations)}`);
  if (NextMarker !== undefined && NextMarker !== null && typeof NextMarker !== "string") {
    throw new InvalidEventError(`the event's InitialExecutionState.NextMarker must be a string, got ${describe(NextMarker)}`);
  }
  Operations.forEach((operation, index) => checkOperation(operation, `InitialExecutionState.Operations[${index}]`));
  return {
    DurableExecutionArn: record.DurableExecutionArn as string,
    CheckpointToken: record.CheckpointToken as string,
    InitialExecutionState: NextMarker ? { Operations: Operations as Operation[], NextMarker } : { Operations: Operations as Operation[] },
  };
}

/** Checks the fields the interpreter relies on; `where` names the operation in the message. */
export function checkOperation(operation: unknown, where: string): asserts operation is Operation {
  if (operation === null || typeof operation !== "object") throw new InvalidEventError(`${where} must be an operation object, got ${describe(operation)}`);
  const { Id, Type, Status } = operation as Record<string, unknown>;
  if (typeof Id !== "string" || Id === "") throw new InvalidEventError(`${where}.Id must be a non-empty string, got ${describe(Id)}`);
  if (typeof Type !== "string" || !OPERATION_TYPES.has(Type)) {
    throw new InvalidEventError(`${where}.Type is ${describe(Type)}; expected one of ${[...OPERATION_TYPES].join(", ")}`);
  }
  if (typeof Status !== "string" || !OPERATION_STATUSES.has(Status)) {
    throw new InvalidEventError(`${where}.Status is ${describe(Status)}; expected one of ${[...OPERATION_STATUSES].join(", ")}`);
  }
}
