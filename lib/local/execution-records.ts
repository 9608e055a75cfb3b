import type { ErrorObject } from "../../interpreter/wire";

// Apart from execution.ts so that the archive, which stores these records, and the execution, which reads
// archives back, do not import each other.

/** Where an execution stands. */
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";

export interface InvocationRecord {
  readonly requestId: string;
  readonly start: Date;
  end?: Date;
  error?: ErrorObject;
  status?: string;
  /** The operations changed from outside since the invocation before (the event's UpdatedOperationIds). */
  updatedOperationIds?: string[];
}
