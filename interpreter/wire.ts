/**
 * The service's data shapes, as the Lambda durable-execution API defines them (field names kept PascalCase so
 * operations and updates pass between the service and the interpreter untranslated).
 */
export type OperationType = "EXECUTION" | "STEP" | "WAIT" | "CALLBACK" | "CHAINED_INVOKE" | "CONTEXT";
export type OperationStatus = "STARTED" | "PENDING" | "READY" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "TIMED_OUT" | "STOPPED";
export type OperationAction = "START" | "SUCCEED" | "FAIL" | "RETRY" | "CANCEL";

/** Epoch milliseconds in the Lambda event, a Date from client-lambda, an ISO string from the CLI. */
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
