// What the UI's read endpoints send the page: shared by the server views and the page's code (types only).
import type { Timeline } from "../timeline/model";

export interface ExecutionSummary {
  readonly arn: string;
  readonly name: string;
  readonly functionName: string;
  readonly status: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number | undefined;
  /** What it is doing now: the operations it waits on or runs (empty once it ended). */
  readonly current: readonly string[];
}

export interface OperationView {
  readonly id: string;
  readonly parentId: string | undefined;
  readonly depth: number;
  readonly name: string;
  /** In the DSL's words: step, map item, waitForCallback... */
  readonly kind: string;
  readonly type: string;
  readonly status: string;
  readonly attempts: number;
  /** What went in: an invoke's payload, a wait's duration, a callback's timeouts. */
  readonly input: string | undefined;
  readonly result: string | undefined;
  readonly error: string | undefined;
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
}

export interface InvocationView {
  readonly index: number;
  readonly requestId: string;
  readonly startedAt: number;
  readonly endedAt: number | undefined;
  readonly status: string | undefined;
  readonly error: string | undefined;
}

export interface PendingCallbackView {
  readonly callbackId: string;
  readonly name: string;
  readonly operationId: string;
  readonly startedAt: number | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatTimeoutSeconds: number | undefined;
}

export interface ExecutionDetail extends ExecutionSummary {
  /** The service's clock (epoch ms), which runs ahead of the wall clock when time is skipped. */
  readonly now: number;
  readonly input: string | undefined;
  readonly result: string | undefined;
  readonly error: string | undefined;
  readonly operations: readonly OperationView[];
  readonly invocations: readonly InvocationView[];
  readonly pendingCallbacks: readonly PendingCallbackView[];
  readonly timeline: Timeline;
}

export interface ExecutionList {
  /** The service's clock (epoch ms), which runs ahead of the wall clock when time is skipped. */
  readonly now: number;
  /** The durable functions the service can start, for the start form. */
  readonly functions: readonly string[];
  readonly executions: readonly ExecutionSummary[];
}
