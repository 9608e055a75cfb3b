import { randomUUID } from "node:crypto";
import type { Workflow } from "../../dsl/workflow";
import { isWorkflow } from "../../dsl/workflow";
import { HistorySnapshot, runWorkflow } from "../../interpreter/index";
import { errorObjectOf } from "../../interpreter/error-objects";
import type { ErrorObject, InvocationOutput, Operation } from "../../interpreter/wire";
import type { Clock, Timer } from "./clock";
import { RealClock, SkippingClock } from "./clock";
import { CallbackNotFoundError, LocalExecution, type AppliedUpdate } from "./execution";
import type { HistoryEvent } from "./events";

/** A Lambda handler: what `durableHandler` returns, or any plain function handler. */
export type LambdaHandler = (event: unknown, context: Record<string, unknown>) => unknown;

/** What the service can invoke by name. */
export type LocalFunction =
  | { readonly kind: "workflow"; readonly workflow: Workflow<unknown, unknown> }
  | { readonly kind: "handler"; readonly handler: LambdaHandler; readonly durable: boolean };

export interface LocalServiceOptions {
  /** Real time by default; `new SkippingClock()` makes waits and timeouts complete at once, in order. */
  clock?: Clock;
  /** How long an execution may run before it times out; a day by default. */
  executionTimeoutSeconds?: number;
  /** How many invocations in a row may crash before the execution fails. */
  maxCrashes?: number;
  /** Where workflows run in-process write their log lines; nowhere by default. */
  log?: (line: string) => void;
  /** With a skipping clock: do not skip time while a callback is open (someone outside is to answer it). */
  holdTimeForCallbacks?: boolean;
}

interface Entry {
  readonly execution: LocalExecution;
  /** Undefined for an adopted execution, whose invocations someone else makes. */
  readonly fn: LocalFunction | undefined;
  readonly timers: Map<string, Timer>;
  invoking: boolean;
  changed: boolean;
  wake: (() => void) | undefined;
  readonly done: Promise<LocalExecution>;
}

type EventListener = (execution: LocalExecution, event: HistoryEvent) => void;

/**
 * The durable-execution service, locally: it starts executions, invokes their functions, applies their
 * checkpoints, runs the timers of waits, retries and callback timeouts, answers the callback API, runs chained
 * invokes, and re-invokes a suspended execution whenever any of its pending operations completes.
 */
export class LocalService {
  readonly clock: Clock;
  private readonly functions = new Map<string, LocalFunction>();
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: EventListener[] = [];
  private outsideWork = 0;
  private skipScheduled = false;
  private executions = 0;
  /** Set by the HTTP front end: what handlers get as AWS_ENDPOINT_URL_LAMBDA. */
  endpoint: string | undefined;

  constructor(private readonly options: LocalServiceOptions = {}) {
    this.clock = options.clock ?? new RealClock();
  }

  register(name: string, fn: Workflow<never, unknown> | LocalFunction): void {
    this.functions.set(name, isWorkflow(fn) ? { kind: "workflow", workflow: fn as Workflow<unknown, unknown> } : (fn as LocalFunction));
  }

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Starts a durable execution of function `name`; it runs in the background (see `result`). */
  start(name: string, input: unknown, executionName: string = randomUUID()): LocalExecution {
    const fn = this.functions.get(name);
    if (fn === undefined) throw new FunctionNotFoundError(name);
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST/durable-execution/${executionName}/${++this.executions}`;
    const execution = new LocalExecution(arn, input, () => new Date(this.clock.now()), name, this.timeoutSeconds);
    let finished!: (execution: LocalExecution) => void;
    const entry: Entry = { execution, fn, timers: new Map(), invoking: false, changed: false, wake: undefined, done: new Promise((resolve) => (finished = resolve)) };
    this.entries.set(arn, entry);
    this.watchEvents(execution);
    const timeout = this.clock.schedule(this.clock.now() + this.timeoutSeconds * 1000, () => {
      this.end(entry, "TIMED_OUT", { error: { ErrorType: "Execution.Timeout", ErrorMessage: `the execution did not complete within ${this.timeoutSeconds}s` } });
    });
    void this.drive(entry).finally(() => {
      timeout.cancel();
      for (const timer of entry.timers.values()) timer.cancel();
      finished(execution);
      this.maybeSkipTime();
    });
    return execution;
  }

  /**
   * Serves an execution whose invocations the caller makes itself (tests that call a handler by hand): its
   * checkpoints, timers and callbacks go through the service, but the service never invokes it.
   */
  adopt(execution: LocalExecution): LocalExecution {
    const entry: Entry = { execution, fn: undefined, timers: new Map(), invoking: false, changed: false, wake: undefined, done: new Promise(() => {}) };
    this.entries.set(execution.executionArn, entry);
    this.watchEvents(execution);
    return execution;
  }

  /** Invoke: a durable function starts an execution (and, with `wait`, returns its outcome); a plain one is called. */
  async invokeFunction(name: string, payload: unknown, options: { executionName?: string; wait: boolean }): Promise<{ executionArn?: string; result?: string; error?: ErrorObject }> {
    const fn = this.functions.get(name);
    if (fn === undefined) throw new FunctionNotFoundError(name);
    if (fn.kind === "handler" && !fn.durable) {
      const work = this.callPlain(fn.handler, name, payload);
      if (!options.wait) {
        void this.track(work);
        return {};
      }
      return work;
    }
    const execution = this.start(name, payload, options.executionName);
    if (!options.wait) return { executionArn: execution.executionArn };
    const done = await this.result(execution.executionArn);
    return { executionArn: execution.executionArn, result: done.result, error: done.error };
  }

  /** Resolves when the execution has ended. */
  result(executionArn: string): Promise<LocalExecution> {
    return this.entry(executionArn).done;
  }

  get(executionArn: string): LocalExecution {
    return this.entry(executionArn).execution;
  }

  list(functionName?: string): LocalExecution[] {
    return [...this.entries.values()].map((entry) => entry.execution).filter((execution) => functionName === undefined || execution.functionName === functionName);
  }

  checkpoint(executionArn: string, token: string, updates: Parameters<LocalExecution["checkpoint"]>[1]) {
    const entry = this.entry(executionArn);
    const response = entry.execution.checkpoint(token, updates);
    this.schedule(entry, response.applied);
    return response;
  }

  succeedCallback(callbackId: string, result: string | undefined): void {
    this.onCallback(callbackId, (execution) => execution.succeedCallback(callbackId, result));
    this.maybeSkipTime();
  }

  failCallback(callbackId: string, error: ErrorObject): void {
    this.onCallback(callbackId, (execution) => execution.failCallback(callbackId, error));
  }

  /** Keeps a callback alive: its heartbeat timeout starts again. */
  heartbeatCallback(callbackId: string): void {
    const entry = this.entryOfCallback(callbackId);
    const operation = entry.execution.openCallback(callbackId);
    this.armHeartbeat(entry, operation);
  }

  stop(executionArn: string, error?: ErrorObject): LocalExecution {
    const entry = this.entry(executionArn);
    this.end(entry, "STOPPED", { error: error ?? { ErrorType: "Execution.Stopped", ErrorMessage: "the execution was stopped" } });
    return entry.execution;
  }

  /** Tracks work done on the executions' behalf outside any invocation, so skipped time waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.outsideWork++;
    return work.finally(() => {
      this.outsideWork--;
      this.maybeSkipTime();
    });
  }

  private get timeoutSeconds(): number {
    return this.options.executionTimeoutSeconds ?? 86_400;
  }

  private entry(executionArn: string): Entry {
    const entry = this.entries.get(executionArn);
    if (entry === undefined) throw new ExecutionNotFoundError(executionArn);
    return entry;
  }

  private entryOfCallback(callbackId: string): Entry {
    for (const entry of this.entries.values()) {
      if (entry.execution.all().some((operation) => operation.Type === "CALLBACK" && operation.CallbackDetails?.CallbackId === callbackId)) return entry;
    }
    throw new CallbackNotFoundError(callbackId);
  }

  private onCallback(callbackId: string, apply: (execution: LocalExecution) => void): void {
    const entry = this.entryOfCallback(callbackId);
    apply(entry.execution);
    this.cancelTimers(entry, entry.execution.byCallbackId(callbackId).Id);
    this.changed(entry);
  }

  private watchEvents(execution: LocalExecution): void {
    const tell = (event: HistoryEvent) => {
      for (const listener of this.listeners) listener(execution, event);
    };
    execution.history.events.forEach(tell);
    execution.history.onAppend = tell;
  }

  // ---- the invocation loop ------------------------------------------------------------------------------------

  private async drive(entry: Entry): Promise<void> {
    const execution = entry.execution;
    let crashes = 0;
    while (execution.status === "RUNNING") {
      entry.changed = false;
      entry.invoking = true;
      const record = execution.invocationStarted(randomUUID());
      let output: InvocationOutput | undefined;
      let crash: ErrorObject | undefined;
      try {
        output = checkOutput(await this.invoke(entry));
      } catch (error) {
        crash = errorObjectOf(error);
      }
      entry.invoking = false;
      if (execution.status !== "RUNNING") break;
      execution.invocationCompleted(record, output?.Status, crash);
      if (crash !== undefined || output === undefined) {
        if (++crashes > (this.options.maxCrashes ?? 3)) this.end(entry, "FAILED", { error: crash });
        continue;
      }
      crashes = 0;
      if (output.Status === "SUCCEEDED") this.end(entry, "SUCCEEDED", { result: output.Result });
      else if (output.Status === "FAILED") this.end(entry, "FAILED", { error: output.Error });
      else if (!entry.changed) await this.nextChange(entry);
    }
  }

  private invoke(entry: Entry): Promise<unknown> {
    const execution = entry.execution;
    const event = execution.event();
    const fn = entry.fn!;
    if (fn.kind === "workflow") {
      const input = event.InitialExecutionState.Operations?.[0]?.ExecutionDetails?.InputPayload;
      return runWorkflow(fn.workflow, input === undefined ? undefined : JSON.parse(input), {
        executionArn: execution.executionArn,
        checkpointToken: event.CheckpointToken,
        snapshot: HistorySnapshot.of(execution.all()),
        port: {
          checkpoint: async (token, updates) => this.checkpoint(execution.executionArn, token, updates),
          getState: async (token, marker) => execution.page(token, marker, 1000),
        },
        log: this.options.log ?? (() => {}),
      }).then(({ outcome }): InvocationOutput => outcome.status === "SUCCEEDED"
        ? (outcome.result === undefined ? { Status: "SUCCEEDED" } : { Status: "SUCCEEDED", Result: outcome.result })
        : outcome.status === "FAILED" ? { Status: "FAILED", Error: outcome.error } : { Status: "PENDING" });
    }
    return Promise.resolve(fn.handler(JSON.parse(JSON.stringify(event)), this.lambdaContext(execution.functionName)));
  }

  /** The environment Lambda gives a function, so a handler's default client finds this service. */
  private lambdaContext(functionName: string): Record<string, unknown> {
    if (this.endpoint !== undefined) {
      process.env.AWS_ENDPOINT_URL_LAMBDA = this.endpoint;
      process.env.AWS_REGION ??= "us-east-1";
      process.env.AWS_ACCESS_KEY_ID ??= "local";
      process.env.AWS_SECRET_ACCESS_KEY ??= "local";
      process.env.AWS_LAMBDA_FUNCTION_NAME = functionName;
    }
    return { functionName, functionVersion: "$LATEST", awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 900_000 };
  }

  private async callPlain(handler: LambdaHandler, name: string, payload: unknown): Promise<{ result?: string; error?: ErrorObject }> {
    try {
      const result = await handler(payload, this.lambdaContext(name));
      return { result: result === undefined ? undefined : JSON.stringify(result) };
    } catch (error) {
      return { error: errorObjectOf(error) };
    }
  }

  private nextChange(entry: Entry): Promise<void> {
    return new Promise((resolve) => {
      entry.wake = resolve;
      this.maybeSkipTime();
    });
  }

  private changed(entry: Entry): void {
    entry.changed = true;
    const wake = entry.wake;
    entry.wake = undefined;
    wake?.();
  }

  private end(entry: Entry, status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED", outcome: { result?: string; error?: ErrorObject }): void {
    if (entry.execution.status !== "RUNNING") return;
    entry.execution.finish(status, outcome);
    for (const timer of entry.timers.values()) timer.cancel();
    this.changed(entry);
  }

  // ---- timers and chained invokes -----------------------------------------------------------------------------

  private schedule(entry: Entry, applied: AppliedUpdate[]): void {
    for (const { update, operation } of applied) {
      if (update.Type === "WAIT" && update.Action === "START") {
        this.arm(entry, operation.Id, timeOf(operation.WaitDetails?.ScheduledEndTimestamp), () => entry.execution.completeWaitById(operation.Id));
      } else if (update.Type === "STEP" && update.Action === "RETRY") {
        this.arm(entry, operation.Id, timeOf(operation.StepDetails?.NextAttemptTimestamp), () => entry.execution.readyRetry(operation.Id));
      } else if (update.Type === "CALLBACK" && update.Action === "START") {
        const seconds = update.CallbackOptions?.TimeoutSeconds;
        const callbackId = operation.CallbackDetails!.CallbackId!;
        if (seconds) this.arm(entry, operation.Id, this.clock.now() + seconds * 1000, () => entry.execution.timeOutCallback(callbackId));
        this.armHeartbeat(entry, operation);
      } else if (update.Type === "CHAINED_INVOKE" && update.Action === "START") {
        void this.track(this.chainedInvoke(entry, operation, update.ChainedInvokeOptions?.FunctionName ?? "", update.Payload));
      }
    }
  }

  private armHeartbeat(entry: Entry, operation: Operation): void {
    const started = entry.execution.checkpoints.flat().find((update) => update.Id === operation.Id && update.Action === "START");
    const seconds = started?.CallbackOptions?.HeartbeatTimeoutSeconds;
    if (!seconds) return;
    const callbackId = operation.CallbackDetails!.CallbackId!;
    this.arm(entry, `${operation.Id}:heartbeat`, this.clock.now() + seconds * 1000, () => entry.execution.timeOutCallback(callbackId, "Callback.Heartbeat"));
  }

  /** Fires `complete` at `at` unless the operation completed otherwise first; then the execution is re-invoked. */
  private arm(entry: Entry, key: string, at: number, complete: () => void): void {
    entry.timers.get(key)?.cancel();
    const operationId = key.split(":")[0]!;
    entry.timers.set(key, this.clock.schedule(at, () => {
      entry.timers.delete(key);
      const operation = entry.execution.get(operationId);
      if (entry.execution.status !== "RUNNING" || operation === undefined || (operation.Status !== "STARTED" && operation.Status !== "PENDING")) return;
      complete();
      this.cancelTimers(entry, operationId);
      this.changed(entry);
    }));
  }

  private cancelTimers(entry: Entry, operationId: string): void {
    for (const [key, timer] of entry.timers) {
      if (key === operationId || key.startsWith(`${operationId}:`)) {
        timer.cancel();
        entry.timers.delete(key);
      }
    }
  }

  private async chainedInvoke(entry: Entry, operation: Operation, functionName: string, payload: string | undefined): Promise<void> {
    let outcome: { result?: string; error?: ErrorObject };
    const fn = this.functions.get(functionName);
    if (fn === undefined) {
      outcome = { error: { ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${functionName}` } };
    } else if (fn.kind === "workflow" || fn.durable) {
      const child = this.start(functionName, payload === undefined ? undefined : JSON.parse(payload), `${entry.execution.executionArn.split("/").at(-2)}-${operation.Id}`);
      const done = await this.result(child.executionArn);
      outcome = done.status === "SUCCEEDED" ? { result: done.result } : { error: done.error ?? { ErrorType: `Execution.${done.status}`, ErrorMessage: `the invoked execution ended ${done.status}` } };
    } else {
      outcome = await this.callPlain(fn.handler, functionName, payload === undefined ? undefined : JSON.parse(payload));
    }
    const current = entry.execution.get(operation.Id);
    if (entry.execution.status !== "RUNNING" || current?.Status !== "STARTED") return;
    entry.execution.completeInvokeById(operation.Id, outcome);
    this.changed(entry);
  }

  // ---- skipping time ------------------------------------------------------------------------------------------

  /**
   * With a skipping clock, moves time to the next timer once nothing else can happen: no invocation running, no
   * outside work in flight, and every running execution waiting for a change.
   */
  private maybeSkipTime(): void {
    if (!(this.clock instanceof SkippingClock) || this.skipScheduled) return;
    this.skipScheduled = true;
    setImmediate(() => {
      this.skipScheduled = false;
      const clock = this.clock as SkippingClock;
      const running = [...this.entries.values()].filter((entry) => entry.execution.status === "RUNNING");
      const idle = this.outsideWork === 0 && running.every((entry) => entry.fn === undefined || (!entry.invoking && entry.wake !== undefined));
      const holding = this.options.holdTimeForCallbacks === true && running.some((entry) => entry.execution.all().some((operation) => operation.Type === "CALLBACK" && operation.Status === "STARTED"));
      if (holding) return;
      if (idle && running.length > 0 && clock.skipToNext()) this.maybeSkipTime();
    });
  }
}

export class FunctionNotFoundError extends Error {
  constructor(name: string) {
    super(`Function not found: ${name}`);
    this.name = "ResourceNotFoundException";
  }
}

export class ExecutionNotFoundError extends Error {
  constructor(arn: string) {
    super(`Durable execution ${arn} not found`);
    this.name = "ResourceNotFoundException";
  }
}

function timeOf(timestamp: Date | number | string | undefined): number {
  if (timestamp instanceof Date) return timestamp.getTime();
  if (typeof timestamp === "number") return timestamp;
  return timestamp === undefined ? Date.now() : Date.parse(timestamp);
}

function checkOutput(output: unknown): InvocationOutput {
  const status = (output as { Status?: unknown } | null)?.Status;
  if (status === "SUCCEEDED" || status === "FAILED" || status === "PENDING") return output as InvocationOutput;
  throw Object.assign(new Error(`the handler returned ${JSON.stringify(output)?.slice(0, 200)}, not a durable invocation output ({ Status: SUCCEEDED | FAILED | PENDING })`), { name: "Runtime.InvalidResponse" });
}
