import { randomBytes, randomUUID } from "node:crypto";
import type { Workflow } from "../../dsl/workflow";
import type { DurablePort } from "../../interpreter/port";
import type { ErrorObject, OperationUpdate } from "../../interpreter/wire";
import { runChainedInvoke, type ChainedInvokeContext } from "./chained-invokes";
import type { Clock } from "./clock";
import { RealClock } from "./clock";
import { checkExecutionName } from "./execution-names";
import { LocalExecution, newCheckpointToken, type CheckpointResponse } from "./execution";
import { ExecutionStore, type ChangeListener, type Entry, type EventListener, type ExecutionSummary } from "./execution-store";
import { FunctionNotFoundError, FunctionRegistry, type LocalFunction } from "./function-registry";
import { functionNameOf } from "./function-names";
import { invokePayload } from "./invoke-payload";
import { driveExecution, type InvocationLoopContext } from "./invocation-loop";
import { Invokers } from "./invokers";
import type { Journal } from "./journal";
import { TimeSkipper } from "./time-skipping";
import { OperationTimers } from "./timers";

export { FunctionNotFoundError, MissingFunctionsError, type LambdaHandler, type LocalFunction } from "./function-registry";
export { ExecutionNotFoundError, ServiceStoppingError, type ChangeListener, type ExecutionSummary } from "./execution-store";

/**
 * How a LocalService runs.
 * @example
 * const service = new LocalService({ clock: new SkippingClock(), executionTimeoutSeconds: 3600, maxCrashes: 5 });
 * const served = new LocalService({ journal: new Journal(".durable") }); // survives restarts
 */
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
  /**
   * Keep every change in this journal (and, on start, replay what it holds): executions survive a restart.
   * Finished executions then leave memory for archive files beside the journal.
   */
  journal?: Journal;
  /** With a journal: how many executions may finish before their records are folded out of the journal; 1,000 by default. */
  compactEvery?: number;
}

/**
 * The durable-execution service, locally: it starts executions, invokes their functions, applies their
 * checkpoints, runs the timers of waits, retries and callback timeouts, answers the callback API, runs chained
 * invokes, and re-invokes a suspended execution whenever any of its pending operations completes.
 *
 * Every change is checked, then journaled, then applied (write-ahead, see ExecutionStore): a change the journal
 * could not record is refused with a ServiceException and changes nothing.
 * @example
 * const service = new LocalService({ clock: new SkippingClock() });
 * service.register("order", orderWorkflow);
 * const execution = service.start("order", { id: "o-1" }, "order-o-1");
 * const done = await service.result(execution.executionArn);
 * console.log(done.status, done.result);
 */
export class LocalService {
  readonly clock: Clock;
  private readonly registry = new FunctionRegistry();
  private readonly store: ExecutionStore;
  private readonly invokers: Invokers;
  private readonly timers: OperationTimers;
  private readonly skipper: TimeSkipper;
  private readonly loop: InvocationLoopContext;
  private readonly chained: ChainedInvokeContext;

  constructor(private readonly options: LocalServiceOptions = {}) {
    this.clock = options.clock ?? new RealClock();
    this.invokers = new Invokers(options.log);
    this.store = new ExecutionStore(this.registry, this.clock, options.journal, options.compactEvery ?? 1000);
    this.skipper = new TimeSkipper(this.clock, this.store, options.holdTimeForCallbacks === true);
    const wake = (entry: Entry) => this.wake(entry);
    this.chained = {
      store: this.store, registry: this.registry, invokers: this.invokers, clock: this.clock, wake,
      startChild: (functionName, payload, name, invokedBy) => this.begin(functionName, payload, name, invokedBy).executionArn,
      result: (arn) => this.result(arn),
    };
    this.timers = new OperationTimers(this.clock, this.store, wake, (entry, operation, functionName, payload) => {
      void this.skipper.track(runChainedInvoke(this.chained, entry, operation, functionName, payload));
    });
    this.loop = {
      store: this.store, invokers: this.invokers, clock: this.clock, maxCrashes: options.maxCrashes ?? 3,
      port: (execution) => this.portOf(execution),
      nextChange: (entry) => new Promise((resolve) => {
        entry.wake = resolve;
        this.skipper.maybeSkip();
      }),
      ended: (entry) => {
        this.timers.cancelAll(entry);
        this.wake(entry);
      },
    };
  }

  /** Set by the HTTP front end: what handlers get as AWS_ENDPOINT_URL_LAMBDA. */
  get endpoint(): string | undefined {
    return this.invokers.endpoint;
  }

  set endpoint(url: string | undefined) {
    this.invokers.endpoint = url;
  }

  register(name: string, fn: Workflow<never, unknown> | LocalFunction): void {
    this.registry.register(name, fn);
  }

  onEvent(listener: EventListener): void {
    this.store.onEvent(listener);
  }

  /**
   * The change feed: `listener` is called after each change is journaled and applied, with the execution's ARN
   * and the change (a UI re-reads that execution). Returns a function that unsubscribes. A listener's error is ignored.
   */
  onChange(listener: ChangeListener): () => void {
    return this.store.onChange(listener);
  }

  /**
   * Starts a durable execution of function `name`; it runs in the background (see `result`). A name is an
   * idempotency key: the same name with the same input returns the execution already started, another input is
   * refused with DurableExecutionAlreadyStartedException.
   */
  start(given: string, input: unknown, executionName?: string): LocalExecution {
    const { name } = this.resolve(given);
    if (executionName !== undefined) checkExecutionName(executionName);
    return this.begin(name, serializeInput(input), executionName ?? randomUUID(), undefined);
  }

  /**
   * Rebuilds the executions the journal holds (`load`), then carries on with the running ones (`resume`).
   * Call after registering the functions.
   */
  restore(): number {
    this.load();
    return this.resume();
  }

  /**
   * Rebuilds the executions the journal holds, reading it as a stream; archives the finished ones and folds them
   * out of the journal. Throws, having started nothing, when a record cannot be replayed (naming its line) or a
   * running execution's function is not registered: call it before serving.
   */
  load(): void {
    this.store.load();
  }

  /** After `load`: arms the running executions' timers again and invokes them (an invocation cut short by a stop or a crash runs again). */
  resume(): number {
    let running = 0;
    for (const entry of [...this.store.inMemory()]) {
      if (entry.execution.status !== "RUNNING" || entry.adopted) continue;
      running++;
      this.timers.rearm(entry);
      this.launch(entry);
    }
    return running;
  }

  /**
   * Stops the service gracefully: no invocation starts, nothing more is committed (a running invocation's
   * checkpoints are refused with 503 and its outcome is not recorded, so a restart carries on as after kill -9),
   * function processes are killed, and the journal is closed.
   */
  close(): void {
    if (this.store.stopping) return;
    this.store.close();
    this.invokers.stop();
    for (const entry of this.store.inMemory()) {
      entry.timeout?.cancel();
      this.timers.cancelAll(entry);
      this.wake(entry);
    }
  }

  /**
   * Serves an execution whose invocations the caller makes itself (tests that call a handler by hand): its
   * checkpoints, timers and callbacks go through the service, but the service never invokes or journals it.
   */
  adopt(execution: LocalExecution): LocalExecution {
    this.store.adopt(execution);
    return execution;
  }

  /** Invoke: a durable function starts an execution (and, with `wait`, returns its outcome); a plain one is called. */
  async invokeFunction(given: string, payload: unknown, options: { executionName?: string; wait: boolean }): Promise<{ executionArn?: string; result?: string; error?: ErrorObject }> {
    const { name, fn } = this.resolve(given);
    if (fn.kind !== "workflow" && !fn.durable) {
      const work = this.invokers.callPlain(fn, name, invokePayload(payload));
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
    const entry = this.store.find(executionArn);
    return entry !== undefined ? entry.done : Promise.resolve(this.store.get(executionArn));
  }

  /** The execution, in memory or (finished, with a journal) read back from its archive. */
  get(executionArn: string): LocalExecution {
    return this.store.get(executionArn);
  }

  /** Every execution (of `functionName`), archived ones read back from disk: `summaries` is the cheap listing. */
  list(functionName?: string): LocalExecution[] {
    return this.summaries(functionName).map((summary) => this.get(summary.executionArn));
  }

  /** What List answers, in the order the executions started, without reading archived ones back. */
  summaries(functionName?: string): ExecutionSummary[] {
    return this.store.summaries(functionName === undefined ? undefined : functionNameOf(functionName));
  }

  checkpoint(executionArn: string, token: string, updates: readonly OperationUpdate[]): CheckpointResponse {
    const entry = this.store.entry(executionArn);
    const response = this.store.commit({ type: "checkpoint", arn: executionArn, at: this.clock.now(), token, nextToken: newCheckpointToken(), updates })!;
    this.timers.schedule(entry, response.applied);
    return response;
  }

  succeedCallback(callbackId: string, result: string | undefined): void {
    this.completeCallback(callbackId, (arn) => ({ type: "callback-succeeded", arn, at: this.clock.now(), callbackId, result }));
    this.skipper.maybeSkip();
  }

  failCallback(callbackId: string, error: ErrorObject): void {
    this.completeCallback(callbackId, (arn) => ({ type: "callback-failed", arn, at: this.clock.now(), callbackId, error }));
  }

  /** Keeps a callback alive: its heartbeat timeout starts again. */
  heartbeatCallback(callbackId: string): void {
    const entry = this.store.entryOfCallback(callbackId);
    this.store.commit({ type: "callback-heartbeat", arn: entry.execution.executionArn, at: this.clock.now(), callbackId });
    this.timers.armHeartbeat(entry, entry.execution.byCallbackId(callbackId));
  }

  /** Ends a started wait now, before its time (what a test does to skip one wait without skipping time). */
  completeWait(executionArn: string, operationId: string): void {
    const entry = this.store.entry(executionArn);
    this.store.commit({ type: "wait-elapsed", arn: executionArn, at: this.clock.now(), operationId });
    this.timers.cancel(entry, operationId);
    this.wake(entry);
  }

  /** StopDurableExecution; an execution that already ended is refused, as AWS refuses it. */
  stop(executionArn: string, error?: ErrorObject): LocalExecution {
    const entry = this.store.entry(executionArn);
    this.store.commit({ type: "finished", arn: executionArn, at: this.clock.now(), status: "STOPPED", error: error ?? { ErrorType: "Execution.Stopped", ErrorMessage: "the execution was stopped" } });
    this.loop.ended(entry);
    return entry.execution;
  }

  /** Tracks work done on the executions' behalf outside any invocation, so skipped time waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    return this.skipper.track(work);
  }

  /** The function `given` names in any of Lambda's forms of a name; not found under the name as given. */
  private resolve(given: string): { name: string; fn: LocalFunction } {
    const name = functionNameOf(given);
    const fn = this.registry.find(name);
    if (fn === undefined) throw new FunctionNotFoundError(given);
    return { name, fn };
  }

  /** Starts an execution unless its name already names one (then returns that one, for the same input). */
  private begin(functionName: string, input: string | undefined, name: string, invokedBy: Entry["invokedBy"]): LocalExecution {
    this.registry.get(functionName);
    const existing = this.store.named(functionName, name, input);
    if (existing !== undefined) return existing;
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${functionName}:$LATEST/durable-execution/${name}/${randomUUID()}`;
    this.store.commit({
      type: "start", arn, at: this.clock.now(), functionName, name, input, timeoutSeconds: this.timeoutSeconds,
      callbackSecret: randomBytes(18).toString("base64url"), token: newCheckpointToken(), ...(invokedBy === undefined ? {} : { invokedBy }),
    });
    const entry = this.store.find(arn)!;
    this.launch(entry);
    return entry.execution;
  }

  /** Runs the execution's invocation loop and its timeout, in the background. */
  private launch(entry: Entry): void {
    const execution = entry.execution;
    const deadline = execution.startedAt.getTime() + this.timeoutSeconds * 1000;
    const timedOut = () => ({ type: "finished", arn: execution.executionArn, at: this.clock.now(), status: "TIMED_OUT", error: { ErrorType: "Execution.Timeout", ErrorMessage: `the execution did not complete within ${this.timeoutSeconds}s` } }) as const;
    entry.timeout = this.clock.schedule(deadline, () => this.store.commitSoon(entry, timedOut, () => this.loop.ended(entry)));
    void driveExecution(this.loop, entry).finally(() => {
      entry.timeout?.cancel();
      this.timers.cancelAll(entry);
      if (execution.status === "RUNNING") return;
      entry.finished(execution);
      this.store.retire(entry);
      this.skipper.maybeSkip();
    });
  }

  private get timeoutSeconds(): number {
    return this.options.executionTimeoutSeconds ?? 86_400;
  }

  private completeCallback(callbackId: string, change: (arn: string) => Parameters<ExecutionStore["commit"]>[0]): void {
    const entry = this.store.entryOfCallback(callbackId);
    this.store.commit(change(entry.execution.executionArn));
    this.timers.cancel(entry, entry.execution.byCallbackId(callbackId).Id);
    this.wake(entry);
  }

  /** The port an in-process workflow checkpoints through: the same calls the HTTP API makes. */
  private portOf(execution: LocalExecution): DurablePort {
    return {
      checkpoint: async (token, updates) => this.checkpoint(execution.executionArn, token, updates),
      getState: async (token, marker) => execution.page(token, marker, 1000),
    };
  }

  /** Something changed for the execution: its loop, waiting for a change, invokes it again. */
  private wake(entry: Entry): void {
    const wake = entry.wake;
    entry.wake = undefined;
    wake?.();
  }
}

function serializeInput(input: unknown): string | undefined {
  try {
    return input === undefined ? undefined : JSON.stringify(input);
  } catch (error) {
    throw Object.assign(new Error(`the input cannot be serialized as JSON (${(error as Error).message})`), { name: "InvalidParameterValueException" });
  }
}
