import { randomBytes, randomUUID } from "node:crypto";
import type { Workflow } from "../../dsl/workflow";
import { isWorkflow } from "../../dsl/workflow";
import { HistorySnapshot, invocationOutput, runWorkflow, type StepMock } from "../../interpreter/index";
import { errorObjectOf } from "../../interpreter/error-objects";
import type { ErrorObject, InvocationOutput, Operation } from "../../interpreter/wire";
import type { Clock, Timer } from "./clock";
import { RealClock, SkippingClock } from "./clock";
import { CallbackNotFoundError, LocalExecution, type AppliedUpdate } from "./execution";
import type { HistoryEvent } from "./events";
import type { Change, Journal } from "./journal";
import { invokeInProcess } from "./process-handler";
import { functionNameOf } from "./function-names";
import { invokePayload } from "./invoke-payload";

/** A Lambda handler: what `durableHandler` returns, or any plain function handler. */
export type LambdaHandler = (event: unknown, context: Record<string, unknown>) => unknown;

/** What the service can invoke by name: a workflow or a handler in this process, or a module's handler in a process of its own. */
export type LocalFunction =
  | { readonly kind: "workflow"; readonly workflow: Workflow<unknown, unknown>; readonly stepMocks?: Readonly<Record<string, StepMock>> }
  | { readonly kind: "handler"; readonly handler: LambdaHandler; readonly durable: boolean }
  | { readonly kind: "process"; readonly module: string; readonly exportName?: string; readonly durable: boolean };

export interface LocalServiceOptions {
  /** Real time by default; `new SkippingClock()` makes waits and timeouts complete at once, in order. */
  clock?: Clock;
  /** How long an execution may run before it times out; a day by default. */
  executionTimeoutSeconds?: number;
  /** How many invocations in a row may crash before the execution fails. */
  maxCrashes?: number;
  /** Where workflows run in-process, and handlers in processes of their own, write their log lines; nowhere by default for the former, our stdout for the latter. */
  log?: (line: string) => void;
  /** With a skipping clock: do not skip time while a callback is open (someone outside is to answer it). */
  holdTimeForCallbacks?: boolean;
  /** Keep every change in this journal (and, on start, replay what it holds): executions survive a restart. */
  journal?: Journal;
}

interface Entry {
  readonly execution: LocalExecution;
  /** Undefined for an adopted execution, whose invocations someone else makes. */
  readonly fn: LocalFunction | undefined;
  readonly timers: Map<string, Timer>;
  invoking: boolean;
  wake: (() => void) | undefined;
  readonly done: Promise<LocalExecution>;
  readonly finished: (execution: LocalExecution) => void;
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
  /** The time of the change being applied: replayed changes keep the time they happened at. */
  private applying: number | undefined;
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
  start(given: string, input: unknown, executionName: string = randomUUID()): LocalExecution {
    const name = functionNameOf(given);
    if (!this.functions.has(name)) throw new FunctionNotFoundError(given);
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST/durable-execution/${executionName}/${this.entries.size + 1}`;
    this.commit({ type: "start", arn, at: this.clock.now(), functionName: name, input: input === undefined ? undefined : JSON.stringify(input), timeoutSeconds: this.timeoutSeconds, callbackSecret: randomBytes(18).toString("base64url") });
    const entry = this.entry(arn);
    this.launch(entry);
    return entry.execution;
  }

  /**
   * Rebuilds the executions the journal holds, then carries on with the running ones: their timers are armed
   * again from their operations and they are invoked again (an invocation cut short by the restart is a crash).
   * Call after registering the functions.
   */
  restore(): number {
    const journal = this.options.journal;
    if (journal === undefined) return 0;
    for (const change of journal.read()) this.apply(change);
    let running = 0;
    for (const entry of this.entries.values()) {
      if (entry.execution.status !== "RUNNING") continue;
      running++;
      this.rearm(entry);
      this.launch(entry);
    }
    return running;
  }

  /** Runs the execution's invocation loop and its timeout, in the background. */
  private launch(entry: Entry): void {
    const execution = entry.execution;
    const deadline = execution.startedAt.getTime() + this.timeoutSeconds * 1000;
    const timeout = this.clock.schedule(deadline, () => {
      this.end(entry, "TIMED_OUT", { error: { ErrorType: "Execution.Timeout", ErrorMessage: `the execution did not complete within ${this.timeoutSeconds}s` } });
    });
    void this.drive(entry).finally(() => {
      timeout.cancel();
      for (const timer of entry.timers.values()) timer.cancel();
      entry.finished(execution);
      this.maybeSkipTime();
    });
  }

  /** Records a change (in the journal, when there is one, before anyone is told) and applies it. */
  private commit(change: Change): void {
    this.apply(change);
    this.options.journal?.append(change);
  }

  /** Applies a change to the executions, at the time the change happened, live or replayed from the journal. */
  private apply(change: Change): void {
    this.applying = change.at;
    try {
      if (change.type === "start") {
        const fn = this.functions.get(change.functionName);
        const execution = new LocalExecution(change.arn, change.input === undefined ? undefined : JSON.parse(change.input), () => new Date(this.applying ?? this.clock.now()), change.functionName, change.timeoutSeconds, change.callbackSecret);
        let finished!: (execution: LocalExecution) => void;
        const done = new Promise<LocalExecution>((resolve) => (finished = resolve));
        const entry: Entry = { execution, fn, timers: new Map(), invoking: false, wake: undefined, done, finished };
        this.entries.set(change.arn, entry);
        this.watchEvents(execution);
        return;
      }
      const execution = this.entry(change.arn).execution;
      switch (change.type) {
        case "checkpoint":
          return void execution.checkpoint(change.token, change.updates);
        case "wait-elapsed":
          return execution.completeWaitById(change.operationId);
        case "retry-ready":
          return execution.readyRetry(change.operationId);
        case "callback-succeeded":
          return execution.succeedCallback(change.callbackId, change.result);
        case "callback-failed":
          return execution.failCallback(change.callbackId, change.error);
        case "callback-timed-out":
          return execution.timeOutCallback(change.callbackId, change.kind);
        case "callback-heartbeat":
          return void execution.heartbeat(change.callbackId);
        case "invoke-completed":
          return execution.completeInvokeById(change.operationId, change.error === undefined ? { result: change.result } : { error: change.error });
        case "invocation-started":
          return void execution.invocationStarted(change.requestId);
        case "invocation-completed":
          return execution.invocationCompleted(execution.invocations.at(-1)!, change.status, change.error);
        case "finished":
          return execution.finish(change.status, change);
      }
    } finally {
      this.applying = undefined;
    }
  }

  /**
   * Serves an execution whose invocations the caller makes itself (tests that call a handler by hand): its
   * checkpoints, timers and callbacks go through the service, but the service never invokes it.
   */
  adopt(execution: LocalExecution): LocalExecution {
    const entry: Entry = { execution, fn: undefined, timers: new Map(), invoking: false, wake: undefined, done: new Promise(() => {}), finished: () => {} };
    this.entries.set(execution.executionArn, entry);
    this.watchEvents(execution);
    return execution;
  }

  /** Invoke: a durable function starts an execution (and, with `wait`, returns its outcome); a plain one is called. */
  async invokeFunction(given: string, payload: unknown, options: { executionName?: string; wait: boolean }): Promise<{ executionArn?: string; result?: string; error?: ErrorObject }> {
    const name = functionNameOf(given);
    const fn = this.functions.get(name);
    if (fn === undefined) throw new FunctionNotFoundError(given);
    if (fn.kind !== "workflow" && !fn.durable) {
      const work = this.callPlain(fn, name, invokePayload(payload));
      if (!options.wait) {
        void this.track(work);
        return {};
      }
      return work;
    }
    const execution = this.start(name, invokePayload(payload), options.executionName);
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
    return [...this.entries.values()].map((entry) => entry.execution).filter((execution) => functionName === undefined || execution.functionName === functionNameOf(functionName));
  }

  checkpoint(executionArn: string, token: string, updates: Parameters<LocalExecution["checkpoint"]>[1]) {
    const entry = this.entry(executionArn);
    const execution = entry.execution;
    const before = execution.checkpoints.length;
    this.commit({ type: "checkpoint", arn: executionArn, at: this.clock.now(), token, updates });
    const response = execution.lastCheckpointResponse;
    if (execution.checkpoints.length === before || response === undefined) throw new Error("the checkpoint was not applied");
    this.schedule(entry, response.applied);
    return response;
  }

  succeedCallback(callbackId: string, result: string | undefined): void {
    this.onCallback(callbackId, (arn) => ({ type: "callback-succeeded", arn, at: this.clock.now(), callbackId, result }));
    this.maybeSkipTime();
  }

  failCallback(callbackId: string, error: ErrorObject): void {
    this.onCallback(callbackId, (arn) => ({ type: "callback-failed", arn, at: this.clock.now(), callbackId, error }));
  }

  /** Keeps a callback alive: its heartbeat timeout starts again. */
  heartbeatCallback(callbackId: string): void {
    const entry = this.entryOfCallback(callbackId);
    const operation = entry.execution.openCallback(callbackId);
    this.commit({ type: "callback-heartbeat", arn: entry.execution.executionArn, at: this.clock.now(), callbackId });
    this.armHeartbeat(entry, operation);
  }

  /** Ends a started wait now, before its time (what a test does to skip one wait without skipping time). */
  completeWait(executionArn: string, operationId: string): void {
    const entry = this.entry(executionArn);
    const operation = entry.execution.get(operationId);
    if (operation?.Type !== "WAIT" || operation.Status !== "STARTED") throw new Error(`operation ${operationId} of ${executionArn} is not a started wait`);
    this.commit({ type: "wait-elapsed", arn: executionArn, at: this.clock.now(), operationId });
    this.cancelTimers(entry, operationId);
    this.changed(entry);
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

  private onCallback(callbackId: string, change: (arn: string) => Change): void {
    const entry = this.entryOfCallback(callbackId);
    entry.execution.openCallback(callbackId);
    this.commit(change(entry.execution.executionArn));
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
      entry.invoking = true;
      this.commit({ type: "invocation-started", arn: execution.executionArn, at: this.clock.now(), requestId: randomUUID() });
      let output: InvocationOutput | undefined;
      let crash: ErrorObject | undefined;
      try {
        output = checkOutput(await this.invoke(entry));
      } catch (error) {
        crash = errorObjectOf(error);
      }
      entry.invoking = false;
      if (execution.status !== "RUNNING") break;
      this.commit(crash === undefined
        ? { type: "invocation-completed", arn: execution.executionArn, at: this.clock.now(), status: output?.Status, error: output?.Status === "FAILED" ? output.Error : undefined }
        : { type: "invocation-completed", arn: execution.executionArn, at: this.clock.now(), status: undefined, error: crash });
      if (crash !== undefined || output === undefined) {
        if (++crashes > (this.options.maxCrashes ?? 3)) this.end(entry, "FAILED", { error: crash });
        continue;
      }
      crashes = 0;
      if (output.Status === "SUCCEEDED") this.end(entry, "SUCCEEDED", { result: output.Result });
      else if (output.Status === "FAILED") this.end(entry, "FAILED", { error: output.Error });
      // Changes the invocation saw in a checkpoint's answer need no invocation of their own (as the official emulator).
      else if (!execution.hasUnseenChanges) await this.nextChange(entry);
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
        ...(fn.stepMocks === undefined ? {} : { stepMocks: fn.stepMocks }),
      }).then(({ outcome }) => invocationOutput(outcome));
    }
    return this.callHandler(fn, execution.functionName, JSON.parse(JSON.stringify(event)));
  }

  private callHandler(fn: Exclude<LocalFunction, { kind: "workflow" }>, name: string, event: unknown): Promise<unknown> {
    const context = this.lambdaContext(name);
    if (fn.kind === "handler") return Promise.resolve().then(() => fn.handler(event, context));
    if (this.endpoint === undefined) {
      return Promise.reject(new Error(`function ${name} runs in a process of its own and reaches the service over HTTP: serve this service with a LocalHttpServer first`));
    }
    const env: Record<string, string> = { AWS_LAMBDA_FUNCTION_NAME: name, AWS_REGION: process.env.AWS_REGION ?? "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    env.AWS_ENDPOINT_URL_LAMBDA = this.endpoint;
    const { getRemainingTimeInMillis: _remaining, ...serializable } = context;
    return invokeInProcess(fn.module, fn.exportName, event, serializable, env, this.options.log);
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

  private async callPlain(fn: Exclude<LocalFunction, { kind: "workflow" }>, name: string, payload: unknown): Promise<{ result?: string; error?: ErrorObject }> {
    try {
      const result = await this.callHandler(fn, name, payload);
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
    const wake = entry.wake;
    entry.wake = undefined;
    wake?.();
  }

  private end(entry: Entry, status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED", outcome: { result?: string; error?: ErrorObject }): void {
    if (entry.execution.status !== "RUNNING") return;
    this.commit({ type: "finished", arn: entry.execution.executionArn, at: this.clock.now(), status, ...outcome });
    for (const timer of entry.timers.values()) timer.cancel();
    this.changed(entry);
  }

  // ---- timers and chained invokes -----------------------------------------------------------------------------

  private schedule(entry: Entry, applied: AppliedUpdate[]): void {
    for (const { update, operation } of applied) {
      if (update.Type === "WAIT" && update.Action === "START") {
        this.armWait(entry, operation);
      } else if (update.Type === "STEP" && update.Action === "RETRY") {
        this.armRetry(entry, operation);
      } else if (update.Type === "CALLBACK" && update.Action === "START") {
        this.armCallback(entry, operation);
      } else if (update.Type === "CHAINED_INVOKE" && update.Action === "START") {
        void this.track(this.chainedInvoke(entry, operation, update.ChainedInvokeOptions?.FunctionName ?? "", update.Payload));
      }
    }
  }

  private armWait(entry: Entry, operation: Operation): void {
    const arn = entry.execution.executionArn;
    this.arm(entry, operation.Id, timeOf(operation.WaitDetails?.ScheduledEndTimestamp), () => ({ type: "wait-elapsed", arn, at: this.clock.now(), operationId: operation.Id }));
  }

  private armRetry(entry: Entry, operation: Operation): void {
    const arn = entry.execution.executionArn;
    this.arm(entry, operation.Id, timeOf(operation.StepDetails?.NextAttemptTimestamp), () => ({ type: "retry-ready", arn, at: this.clock.now(), operationId: operation.Id }));
  }

  private armCallback(entry: Entry, operation: Operation): void {
    const seconds = this.callbackOptions(entry, operation)?.TimeoutSeconds;
    const callbackId = operation.CallbackDetails!.CallbackId!;
    const arn = entry.execution.executionArn;
    const started = timeOf(operation.StartTimestamp);
    if (seconds) this.arm(entry, operation.Id, started + seconds * 1000, () => ({ type: "callback-timed-out", arn, at: this.clock.now(), callbackId, kind: "Callback.Timeout" }));
    this.armHeartbeat(entry, operation, entry.execution.lastHeartbeat(callbackId) ?? started);
  }

  private armHeartbeat(entry: Entry, operation: Operation, from = this.clock.now()): void {
    const seconds = this.callbackOptions(entry, operation)?.HeartbeatTimeoutSeconds;
    if (!seconds) return;
    const callbackId = operation.CallbackDetails!.CallbackId!;
    const arn = entry.execution.executionArn;
    this.arm(entry, `${operation.Id}:heartbeat`, from + seconds * 1000, () => ({ type: "callback-timed-out", arn, at: this.clock.now(), callbackId, kind: "Callback.Heartbeat" }));
  }

  private callbackOptions(entry: Entry, operation: Operation) {
    return entry.execution.checkpoints.flat().find((update) => update.Id === operation.Id && update.Action === "START")?.CallbackOptions;
  }

  /** After a restart: the timers of every pending operation, and the chained invokes still running. */
  private rearm(entry: Entry): void {
    for (const operation of entry.execution.all()) {
      if (operation.Type === "WAIT" && operation.Status === "STARTED") this.armWait(entry, operation);
      else if (operation.Type === "STEP" && operation.Status === "PENDING") this.armRetry(entry, operation);
      else if (operation.Type === "CALLBACK" && operation.Status === "STARTED") this.armCallback(entry, operation);
      else if (operation.Type === "CHAINED_INVOKE" && operation.Status === "STARTED") {
        const start = entry.execution.checkpoints.flat().find((update) => update.Id === operation.Id && update.Action === "START");
        void this.track(this.chainedInvoke(entry, operation, start?.ChainedInvokeOptions?.FunctionName ?? "", start?.Payload));
      }
    }
  }

  /** Commits the change `complete` makes at `at`, unless the operation completed otherwise first; then re-invokes. */
  private arm(entry: Entry, key: string, at: number, complete: () => Change): void {
    entry.timers.get(key)?.cancel();
    const operationId = key.split(":")[0]!;
    entry.timers.set(key, this.clock.schedule(at, () => {
      entry.timers.delete(key);
      const operation = entry.execution.get(operationId);
      if (entry.execution.status !== "RUNNING" || operation === undefined || (operation.Status !== "STARTED" && operation.Status !== "PENDING")) return;
      this.commit(complete());
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

  private async chainedInvoke(entry: Entry, operation: Operation, given: string, payload: string | undefined): Promise<void> {
    let outcome: { result?: string; error?: ErrorObject };
    const functionName = functionNameOf(given);
    const fn = this.functions.get(functionName);
    if (fn === undefined) {
      outcome = { error: { ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${given}` } };
    } else if (fn.kind === "workflow" || fn.durable) {
      const childName = `${entry.execution.executionArn.split("/").at(-2)}-${operation.Id}`;
      const existing = this.list(functionName).find((execution) => execution.executionArn.split("/").at(-2) === childName);
      const child = existing ?? this.start(functionName, invokePayload(payload === undefined ? undefined : JSON.parse(payload)), childName);
      const done = await this.result(child.executionArn);
      outcome = done.status === "SUCCEEDED" ? { result: done.result } : { error: done.error ?? { ErrorType: `Execution.${done.status}`, ErrorMessage: `the invoked execution ended ${done.status}` } };
    } else {
      outcome = await this.callPlain(fn, functionName, invokePayload(payload === undefined ? undefined : JSON.parse(payload)));
    }
    const current = entry.execution.get(operation.Id);
    if (entry.execution.status !== "RUNNING" || current?.Status !== "STARTED") return;
    this.commit({ type: "invoke-completed", arn: entry.execution.executionArn, at: this.clock.now(), operationId: operation.Id, ...outcome });
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
