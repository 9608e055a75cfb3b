import type { OperationStatus, OperationType } from "./wire";

/**
 * The plugin API: an object with optional hooks that the interpreter calls as an invocation runs. The hook names
 * and info shapes follow the official SDK's (2.4) experimental plugin interface, so a plugin written for one runs
 * on the other; where this library adds something (attempt hooks around a child context's body, the
 * `isReplayingChildren` indicator) the doc comment says so.
 *
 * Semantics, for every hook (what a hook returns is ignored, except that a promise is awaited as said below):
 * - A hook that throws or rejects is reported through the execution's logger (one ERROR record naming the plugin
 *   and the hook) and never changes the execution's outcome, its checkpoints or their order. Plugins are called in
 *   the order given, concurrently: a hook's promise is not awaited before the next plugin's hook is called.
 * - `onInvocationStart` / `onInvocationEnd` are awaited in line: the workflow body does not run before every
 *   plugin's start hook settled, and the handler does not return before every end hook settled.
 * - `onOperationAttemptStart` / `onOperationAttemptEnd` run on the call stack of the user function they surround,
 *   so their order is deterministic; for step attempts and condition checks they are awaited (the user function
 *   starts after the start hooks settled, its outcome is checkpointed after the end hooks settled).
 * - `onOperationStart`, `onOperationEnd`, `onOperationChange` and the attempt hooks around a child context's body
 *   are called where the interpreter observes the change and are not awaited there (replaying stays synchronous);
 *   the invocation awaits them all before `onInvocationEnd`.
 * @example
 * const timings: Plugin = {
 *   name: "timings",
 *   onOperationEnd: (op) => console.log(op.name, op.status, op.endTimestamp!.getTime() - op.startTimestamp!.getTime()),
 *   enrichLogContext: () => ({ service: "orders" }),
 * };
 * export const handler = durableHandler(order, { plugins: [timings] });
 */
export interface Plugin {
  /** Names the plugin in the report of a hook that failed. */
  readonly name?: string;
  /** Before the workflow body runs. */
  onInvocationStart?(info: InvocationInfo): unknown;
  /** Around the whole invocation: call `run` once and return (or await) what it returns. */
  wrapInvocation?(info: InvocationInfo, run: () => Promise<unknown>): unknown;
  /** After the invocation's outcome is final, before the handler returns it. */
  onInvocationEnd?(info: InvocationEndInfo): unknown;
  /**
   * An operation is observed STARTED: its START is checkpointed (`isReplay` false), or the workflow reached a
   * recorded operation that is not finished (`isReplay` true: a pending wait, a step waiting for its retry). Fires
   * at most once per operation and invocation; never for an operation the history records as finished.
   */
  onOperationStart?(info: OperationInfo): unknown;
  /**
   * An operation reached a terminal status (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, STOPPED): through this
   * invocation's checkpoints, or from outside (a wait's timer, a callback, an invoked function) either while the
   * invocation runs or since the last one (reported when the workflow reaches it). Fires once per operation and
   * execution: a retryable step failure is not terminal, and a replayed finished operation does not fire again.
   */
  onOperationEnd?(info: OperationInfo): unknown;
  /**
   * A run of user code starts: a step attempt, a condition check, a waitForCallback submitter (a step), and (an
   * addition of this library) the body of a child context, a map item or a parallel branch, with type CONTEXT,
   * attempt 1 and `isReplayingChildren`.
   */
  onOperationAttemptStart?(info: AttemptInfo): unknown;
  /** Around each step attempt's or condition check's user function: call `run` once, return what it returns. */
  wrapOperationAttemptFn?(info: AttemptInfo, run: () => unknown): unknown;
  /**
   * Around each synchronous run of a child context's (map item's, parallel branch's) body: a body is a generator
   * that the scheduler resumes once per operation it yields, and each resumption goes through this wrapper, so a
   * tracer can make a span current while the body's code runs. Call `run` once and return what it returns.
   */
  wrapChildContextFn?(info: AttemptInfo, run: () => unknown): unknown;
  /** The run of user code ended, with its outcome (not called for a context body the invocation suspends in). */
  onOperationAttemptEnd?(info: AttemptEndInfo): unknown;
  /** A checkpoint response reported operations changed (by this invocation's updates or from outside). */
  onOperationChange?(info: OperationChangeInfo): unknown;
  /** Fields added to every workflow and step log record; called once per record. */
  enrichLogContext?(): Readonly<Record<string, string | number | boolean>> | undefined;
}

/**
 * What a plugin hears about one operation; unset fields are absent.
 * @example
 * const plugin: Plugin = { onOperationStart: (op: OperationInfo) => { if (op.type === "WAIT" && op.isReplay) console.log(`still waiting: ${op.name}`); } };
 */
export interface OperationInfo {
  /** The wire id, as checkpointed. */
  readonly id: string;
  readonly name?: string;
  readonly type: OperationType;
  readonly subType?: string;
  /** The wire id of the enclosing CONTEXT; absent at the root. */
  readonly parentId?: string;
  readonly status?: OperationStatus;
  readonly startTimestamp?: Date;
  readonly endTimestamp?: Date;
  /** The checkpointed serialized result. */
  readonly result?: string;
  /** The checkpointed error, as an Error whose name is the recorded ErrorType. */
  readonly error?: Error;
  /** Steps: the attempts the service counted. */
  readonly attempt?: number;
  /** The operation was observed through the recorded history rather than started by this invocation. */
  readonly isReplay: boolean;
}

/**
 * One run of user code: a step attempt, a condition check, a context body.
 * @example
 * const plugin: Plugin = { onOperationAttemptStart: (attempt: AttemptInfo) => console.log(`${attempt.name} attempt ${attempt.attempt}`) };
 */
export interface AttemptInfo extends OperationInfo {
  /** 1-based; a context body's run is attempt 1. */
  readonly attempt: number;
  /** Context bodies only: the context was recorded, so its children replay as the body runs again. */
  readonly isReplayingChildren?: boolean;
}

/**
 * The end of a run of user code, with its outcome.
 * @example
 * const plugin: Plugin = { onOperationAttemptEnd: (attempt: AttemptEndInfo) => { if (attempt.outcome === "FAILED") console.log(attempt.error?.message); } };
 */
export interface AttemptEndInfo extends AttemptInfo {
  readonly outcome: "SUCCEEDED" | "FAILED";
  /** What the user function threw (FAILED only). */
  readonly error?: Error;
}

/**
 * What both invocation hooks are told.
 * @example
 * const count = (info: InvocationBaseInfo) => Object.keys(info.operations).length;
 */
export interface InvocationBaseInfo {
  readonly requestId: string;
  readonly executionArn: string;
  readonly executionInput: unknown;
  /** Every operation the invocation knows of, by id (built when first read). */
  readonly operations: Readonly<Record<string, OperationInfo>>;
  readonly executionStartTimestamp?: Date;
  /** True when the history held nothing but the execution itself. */
  readonly isFirstInvocation: boolean;
}

/**
 * The start of an invocation.
 * @example
 * const plugin: Plugin = { onInvocationStart: (info: InvocationInfo) => console.log(info.requestId, info.isFirstInvocation, Object.keys(info.updatedOperations)) };
 */
export interface InvocationInfo extends InvocationBaseInfo {
  /** Operations updated from outside since the last invocation (the event's UpdatedOperationIds), by id. */
  readonly updatedOperations: Readonly<Record<string, OperationInfo>>;
}

/**
 * How an invocation ended. RETRYING: the invocation failed (a checkpoint call, say) and Lambda will invoke it
 * again; nothing is lost.
 * @example
 * const terminal = (status: InvocationStatus) => status === "SUCCEEDED" || status === "FAILED";
 */
export type InvocationStatus = "SUCCEEDED" | "FAILED" | "PENDING" | "RETRYING";

/**
 * The end of an invocation: its status and the execution's result or error.
 * @example
 * const plugin: Plugin = { onInvocationEnd: async (info: InvocationEndInfo) => { if (info.status === "FAILED") console.error(info.executionError); } };
 */
export interface InvocationEndInfo extends InvocationBaseInfo {
  readonly status: InvocationStatus;
  /** SUCCEEDED: the workflow's result, as JSON decodes it. */
  readonly executionResult?: unknown;
  /** FAILED: the execution's error; RETRYING: the invocation's. */
  readonly executionError?: Error;
}

/**
 * What a checkpoint response reported changed.
 * @example
 * const plugin: Plugin = { onOperationChange: (change: OperationChangeInfo) => console.log(Object.values(change.updatedOperations).map((op) => `${op.name}:${op.status}`)) };
 */
export interface OperationChangeInfo {
  readonly executionArn: string;
  /** The operations the response reported, by id. */
  readonly updatedOperations: Readonly<Record<string, OperationInfo>>;
  /** Every operation the invocation knows of after the change, by id (built when first read). */
  readonly operations: Readonly<Record<string, OperationInfo>>;
}

/**
 * What a module named in DURABLE_EXECUTION_PLUGINS exports as `durableExecutionPluginProvider` (the official SDK's
 * contract, version 1): `createPlugin` is called once per handler.
 * @example
 * // my-plugin/index.ts, loaded with DURABLE_EXECUTION_PLUGINS=my-plugin
 * export const durableExecutionPluginProvider: PluginProvider = { pluginApiVersion: 1, createPlugin: () => ({ onInvocationEnd: () => flushMetrics() }) };
 */
export interface PluginProvider {
  readonly pluginApiVersion: 1;
  createPlugin(): Plugin;
}

/**
 * What an invocation with plugins needs besides the run's own options (durableHandler and the local service make it).
 * @example
 * const setup: PluginSetup = { plugins: [timings], requestId: context.awsRequestId, updatedOperationIds: event.UpdatedOperationIds };
 */
export interface PluginSetup {
  readonly plugins: readonly Plugin[];
  /** Lambda's request id (context.awsRequestId). */
  readonly requestId?: string;
  /** The event's UpdatedOperationIds: operations changed from outside since the last invocation. */
  readonly updatedOperationIds?: readonly string[];
  /**
   * Errors the caller turns into a FAILED execution rather than rethrowing them for Lambda to retry (a checkpoint
   * the service rejected as invalid): onInvocationEnd then says FAILED instead of RETRYING.
   */
  readonly failsExecution?: (error: unknown) => boolean;
}
