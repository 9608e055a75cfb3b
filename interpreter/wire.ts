/**
 * The service's data shapes, as the Lambda durable-execution API defines them (field names kept PascalCase so
 * operations and updates pass between the service and the interpreter untranslated).
 */
export const OPERATION_TYPES = ["EXECUTION", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE", "CONTEXT"] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];
export const OPERATION_STATUSES = ["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
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

export interface ErrorObject {
  ErrorType?: string;
  ErrorMessage?: string;
  ErrorData?: string;
  StackTrace?: string[];
}

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

export interface ExecutionState {
  Operations?: Operation[];
  NextMarker?: string;
}

/** The payload Lambda hands a durable function on every invocation. */
export interface DurableInvocationEvent {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: ExecutionState;
  /** The operations changed from outside since the previous invocation (a wait elapsed, a callback answered...). */
  UpdatedOperationIds?: string[];
}

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
