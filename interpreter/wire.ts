/**
 * The service's data shapes, as the Lambda durable-execution API defines them (field names kept PascalCase so
 * operations and updates pass between the service and the interpreter untranslated).
 */
/** The service's operation types. */
export const OPERATION_TYPES = ["EXECUTION", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE", "CONTEXT"] as const;
/**
 * An operation's type on the wire.
 * @example
 * const steps = operations.filter((operation) => operation.Type === ("STEP" satisfies OperationType));
 */
export type OperationType = (typeof OPERATION_TYPES)[number];
/** The service's operation statuses. */
export const OPERATION_STATUSES = ["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"] as const;
/**
 * An operation's status on the wire: PENDING is a step between attempts, READY one whose retry delay passed.
 * @example
 * const waiting = operations.filter((operation) => operation.Status === ("STARTED" satisfies OperationStatus));
 */
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
/**
 * What an update does to its operation.
 * @example
 * const update: OperationUpdate = { Id: id, Type: "STEP", SubType: "Step", Name: "charge", Action: "SUCCEED" satisfies OperationAction, Payload: "42" };
 */
export type OperationAction = "START" | "SUCCEED" | "FAIL" | "RETRY" | "CANCEL";

const TERMINAL_STATUSES: ReadonlySet<OperationStatus> = new Set<OperationStatus>(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

/** Whether the operation has ended: the service records nothing more for it. */
export function isTerminal(operation: Operation): boolean {
  return TERMINAL_STATUSES.has(operation.Status);
}

/**
 * An ISO-8601 string in the Lambda event (JSON), a Date from client-lambda's responses; a number is epoch
 * milliseconds, as `new Date(number)` reads it. interpreter/timestamps.ts is the one converter.
 */
export type Timestamp = Date | number | string;

/**
 * An error as the service records it.
 * @example
 * const error: ErrorObject = { ErrorType: "CardDeclined", ErrorMessage: "insufficient funds" };
 */
export interface ErrorObject {
  ErrorType?: string;
  ErrorMessage?: string;
  ErrorData?: string;
  StackTrace?: string[];
}

/**
 * One operation of an execution as the service reports it (GetDurableExecutionState, the invocation event).
 * @example
 * const charge = operations.find((operation: Operation) => operation.Name === "charge");
 * console.log(charge?.Status, charge?.StepDetails?.Result);
 */
export interface Operation {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  Status: OperationStatus;
  StartTimestamp?: Timestamp;
  EndTimestamp?: Timestamp;
  ExecutionDetails?: { InputPayload?: string };
  ContextDetails?: { ReplayChildren?: boolean; Result?: string; Error?: ErrorObject };
  StepDetails?: { Attempt?: number; NextAttemptTimestamp?: Timestamp; Result?: string; Error?: ErrorObject };
  WaitDetails?: { ScheduledEndTimestamp?: Timestamp };
  CallbackDetails?: { CallbackId?: string; Result?: string; Error?: ErrorObject };
  ChainedInvokeDetails?: { Result?: string; Error?: ErrorObject };
}

/**
 * One change the SDK checkpoints (CheckpointDurableExecution's Updates).
 * @example
 * const start: OperationUpdate = { Id: hashPath("1"), Type: "WAIT", SubType: "Wait", Name: "cool-off", Action: "START", WaitOptions: { WaitSeconds: 5 } };
 */
export interface OperationUpdate {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  Action: OperationAction;
  Payload?: string;
  Error?: ErrorObject;
  ContextOptions?: { ReplayChildren?: boolean };
  StepOptions?: { NextAttemptDelaySeconds?: number };
  WaitOptions?: { WaitSeconds?: number };
  CallbackOptions?: { TimeoutSeconds?: number; HeartbeatTimeoutSeconds?: number };
  ChainedInvokeOptions?: { FunctionName: string; TenantId?: string };
}

/**
 * A page of an execution's operations; NextMarker when there are more.
 * @example
 * const state: ExecutionState = { Operations: event.InitialExecutionState.Operations, NextMarker: event.InitialExecutionState.NextMarker };
 */
export interface ExecutionState {
  Operations?: Operation[];
  NextMarker?: string;
}

/**
 * The payload Lambda hands a durable function on every invocation.
 * @example
 * export const handler = async (event: DurableInvocationEvent) => durableHandler(orderFlow)(event);
 */
export interface DurableInvocationEvent {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: ExecutionState;
  /** The operations changed from outside since the previous invocation (a wait elapsed, a callback answered...). */
  UpdatedOperationIds?: string[];
}

/**
 * What a durable function answers Lambda.
 * @example
 * const output: InvocationOutput = await handler(event);
 * if (output.Status === "FAILED") console.error(output.Error.ErrorMessage);
 */
export type InvocationOutput =
  | { Status: "SUCCEEDED"; Result?: string }
  | { Status: "FAILED"; Error: ErrorObject }
  | { Status: "PENDING" };

/** The service's limits that the interpreter enforces before the service would reject a checkpoint. */
export const LIMITS = Object.freeze({
  operationPayloadBytes: 256 * 1024,
  invocationResultBytes: 6 * 1024 * 1024,
  updatesPerCheckpoint: 250,
  checkpointBytes: 750 * 1024,
  operationsPerExecution: 3000,
  statePageSize: 1000,
});
