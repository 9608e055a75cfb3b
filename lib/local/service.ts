import { randomBytes, randomUUID } from "node:crypto";
import type { Workflow } from "../../dsl/workflow";
import { errorObjectOf } from "../../interpreter/error-objects";
import type { DurablePort } from "../../interpreter/port";
import type { ErrorObject, InvocationOutput, Operation, OperationUpdate } from "../../interpreter/wire";
import { ExecutionArchive, type ArchivedSummary } from "./archive";
import type { Clock, Timer } from "./clock";
import { RealClock, SkippingClock } from "./clock";
import { childExecutionName, checkExecutionName, ExecutionAlreadyStartedError, inputDigest } from "./execution-names";
import { CallbackNotFoundError, LocalExecution, newCheckpointToken, type AppliedUpdate, type CheckpointResponse } from "./execution";
import type { HistoryEvent } from "./events";
import { FunctionRegistry, MissingFunctionsError, type LocalFunction } from "./function-registry";
import { Invokers } from "./invokers";
import { JournalCorruptError, JournalWriteError, type Change, type Journal } from "./journal";
import { UpdateRejectedError } from "./operations";

export { FunctionNotFoundError, MissingFunctionsError, type LambdaHandler, type LocalFunction } from "./function-registry";

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

/** One line of ListDurableExecutionsByFunction: what the service knows of an execution without loading it. */
export interface ExecutionSummary {
  readonly executionArn: string;
  readonly name: string;
  readonly functionName: string;
  readonly status: LocalExecution["status"];
  readonly startedAt: Date;
  readonly endedAt: Date | undefined;
}

interface Entry {
  readonly execution: LocalExecution;
  /** Undefined for an adopted execution, whose invocations someone else makes. */
  readonly fn: LocalFunction | undefined;
  readonly name: string;
  readonly inputDigest: string;
  readonly invokedBy: { readonly arn: string; readonly operationId: string } | undefined;
  /** Served but not journaled: someone else made it and invokes it. */
  readonly adopted: boolean;
  readonly timers: Map<string, Timer>;
  timeout: Timer | undefined;
  invoking: boolean;
  changed: boolean;
  wake: (() => void) | undefined;
  readonly done: Promise<LocalExecution>;
  readonly finished: (execution: LocalExecution) => void;
}

type EventListener = (execution: LocalExecution, event: HistoryEvent) => void;

/** Told after every change the service made (journaled first, when it has a journal): the execution's ARN and the change. */
export type ChangeListener = (executionArn: string, change: Change) => void;

/** How long a commit that storage refused waits before it is tried again, at most. */
const STORAGE_RETRY_MS = 1000;

/**
 * The durable-execution service, locally: it starts executions, invokes their functions, applies their
 * checkpoints, runs the timers of waits, retries and callback timeouts, answers the callback API, runs chained
 * invokes, and re-invokes a suspended execution whenever any of its pending operations completes.
 *
 * Every change is checked, then journaled, then applied (write-ahead): a change the journal could not record is
 * refused with a ServiceException and changes nothing.
 */
export class LocalService {
  readonly clock: Clock;
  private readonly registry = new FunctionRegistry();
  private readonly entries = new Map<string, Entry>();
  private readonly archived = new Map<string, ArchivedSummary>();
  /** `function/name` to the execution's ARN: names are idempotency keys. */
  private readonly names = new Map<string, string>();
  /** `parentArn#operationId` to the child execution a chained invoke started. */
  private readonly children = new Map<string, string>();
  private readonly listeners: EventListener[] = [];
  private readonly changeListeners: ChangeListener[] = [];
  private readonly invokers: Invokers;
  private readonly archive: ExecutionArchive | undefined;
  private outsideWork = 0;
  private skipScheduled = false;
  /** Finished executions archived whose records the journal still holds. */
  private foldable = 0;
  private stopping = false;
  /** The time of the change being applied: replayed changes keep the time they happened at. */
  private applying: number | undefined;

  constructor(private readonly options: LocalServiceOptions = {}) {
    this.clock = options.clock ?? new RealClock();
    this.invokers = new Invokers(options.log);
    this.archive = options.journal === undefined ? undefined : new ExecutionArchive(options.journal.directory);
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
    this.listeners.push(listener);
  }

  /**
   * The change feed: `listener` is called after each change is journaled and applied, with the execution's ARN
   * (a UI re-reads that execution). Returns a function that unsubscribes. A listener's error is ignored.
   */
  onChange(listener: ChangeListener): () => void {
    this.changeListeners.push(listener);
    return () => {
      const index = this.changeListeners.indexOf(listener);
      if (index >= 0) this.changeListeners.splice(index, 1);
    };
  }

  /**
   * Starts a durable execution of function `name`; it runs in the background (see `result`). A name is an
   * idempotency key: the same name with the same input returns the execution already started, another input is
   * refused with DurableExecutionAlreadyStartedException.
   */
  start(name: string, input: unknown, executionName?: string): LocalExecution {
    if (executionName !== undefined) checkExecutionName(executionName);
    return this.begin(name, serializeInput(input), executionName ?? randomUUID(), undefined).execution;
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
    const journal = this.options.journal;
    if (journal === undefined) return;
    for (const { change, line } of journal.records()) {
      this.applying = change.at;
      try {
        this.prepare(change)();
      } catch (error) {
        throw new JournalCorruptError(journal.file, line, `${(error as Error).name}: ${(error as Error).message}`);
      } finally {
        this.applying = undefined;
      }
      if (change.type === "finished") this.retire(this.entries.get(change.arn)!);
    }
    const missing = new Map<string, number>();
    for (const entry of this.entries.values()) {
      if (entry.execution.status === "RUNNING" && entry.fn === undefined && !entry.adopted) missing.set(entry.execution.functionName, (missing.get(entry.execution.functionName) ?? 0) + 1);
    }
    if (missing.size > 0) throw new MissingFunctionsError(missing);
    this.compact();
  }

  /** After `load`: arms the running executions' timers again and invokes them (an invocation cut short by a stop or a crash runs again). */
  resume(): number {
    let running = 0;
    for (const entry of this.entries.values()) {
      if (entry.execution.status !== "RUNNING" || entry.adopted) continue;
      running++;
      this.rearm(entry);
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
    if (this.stopping) return;
    this.stopping = true;
    this.invokers.stop();
    for (const entry of this.entries.values()) {
      entry.timeout?.cancel();
      for (const timer of entry.timers.values()) timer.cancel();
      entry.timers.clear();
      this.changed(entry);
    }
    this.options.journal?.close();
  }

  /** Runs the execution's invocation loop and its timeout, in the background. */
  private launch(entry: Entry): void {
    const execution = entry.execution;
    const deadline = execution.startedAt.getTime() + this.timeoutSeconds * 1000;
    const timedOut = () => ({ type: "finished", arn: execution.executionArn, at: this.clock.now(), status: "TIMED_OUT", error: { ErrorType: "Execution.Timeout", ErrorMessage: `the execution did not complete within ${this.timeoutSeconds}s` } }) as const;
    entry.timeout = this.clock.schedule(deadline, () => this.commitSoon(entry, timedOut, () => this.ended(entry)));
    void this.drive(entry).finally(() => {
      entry.timeout?.cancel();
      for (const timer of entry.timers.values()) timer.cancel();
      if (execution.status === "RUNNING") return;
      entry.finished(execution);
      this.retire(entry);
      this.maybeSkipTime();
    });
  }

  /**
   * Records a change and applies it: checked first (throwing what the API answers, changing nothing), then
   * journaled (a storage error throws JournalWriteError, changing nothing), then applied; then listeners hear of it.
   */
  private commit(change: Change): CheckpointResponse | undefined {
    if (this.stopping) throw new ServiceStoppingError();
    let result: CheckpointResponse | undefined;
    this.applying = change.at;
    try {
      const apply = this.prepare(change);
      if (this.entries.get(change.arn)?.adopted !== true) this.options.journal?.append(change);
      result = apply() ?? undefined;
    } finally {
      this.applying = undefined;
    }
    for (const listener of this.changeListeners) {
      try {
        listener(change.arn, change);
      } catch {
        // A listener's failure is its own: the change is made.
      }
    }
    return result;
  }

  /** Commits now, or (storage refusing) again a little later, until it is made or no longer applies; then `after`. */
  private commitSoon(entry: Entry, make: () => Change, after: () => void): void {
    if (this.stopping || entry.execution.status !== "RUNNING") return;
    try {
      this.commit(make());
    } catch (error) {
      if (error instanceof JournalWriteError) setTimeout(() => this.commitSoon(entry, make, after), STORAGE_RETRY_MS).unref();
      return;
    }
    after();
  }

  /** The invocation loop's commits: waits out storage errors; false when the change no longer applies or the service stops. */
  private async commitOrWait(make: () => Change): Promise<boolean> {
    for (let delay = 50; ; delay = Math.min(delay * 2, STORAGE_RETRY_MS)) {
      if (this.stopping) return false;
      try {
        this.commit(make());
        return true;
      } catch (error) {
        if (!(error instanceof JournalWriteError)) return false;
      }
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }

  /**
   * Checks a change against the executions as they are and returns what applies it; throws, changing nothing,
   * when the change does not apply (the journal is then never written).
   */
  private prepare(change: Change): () => CheckpointResponse | void {
    if (change.type === "start") {
      if (this.entries.has(change.arn) || this.archived.has(change.arn)) throw invalid(`execution ${change.arn} already exists`);
      return () => void this.createEntry(change);
    }
    if (change.type === "archived") return () => void this.remember(change.summary);
    const entry = this.entry(change.arn);
    const execution = entry.execution;
    if (execution.status !== "RUNNING") throw new UpdateRejectedError(`execution ${change.arn} already ended ${execution.status}`);
    const operationIs = (id: string, type: string, status: string) => {
      const operation = execution.get(id);
      if (operation?.Type !== type || operation.Status !== status) throw new UpdateRejectedError(`operation ${id} of ${change.arn} is not a ${status} ${type}`);
    };
    switch (change.type) {
      case "checkpoint": {
        const prepared = execution.prepareCheckpoint(change.token, change.updates);
        return () => execution.commitCheckpoint(prepared, change.nextToken);
      }
      case "wait-elapsed":
        operationIs(change.operationId, "WAIT", "STARTED");
        return () => execution.completeWaitById(change.operationId);
      case "retry-ready":
        operationIs(change.operationId, "STEP", "PENDING");
        return () => execution.readyRetry(change.operationId);
      case "callback-succeeded":
        execution.openCallback(change.callbackId);
        return () => execution.succeedCallback(change.callbackId, change.result);
      case "callback-failed":
        execution.openCallback(change.callbackId);
        return () => execution.failCallback(change.callbackId, change.error);
      case "callback-timed-out":
        execution.openCallback(change.callbackId);
        return () => execution.timeOutCallback(change.callbackId, change.kind);
      case "callback-heartbeat":
        execution.openCallback(change.callbackId);
        return () => void execution.heartbeat(change.callbackId);
      case "invoke-completed":
        operationIs(change.operationId, "CHAINED_INVOKE", "STARTED");
        return () => execution.completeInvokeById(change.operationId, change.error === undefined ? { result: change.result } : { error: change.error });
      case "invocation-started":
        return () => void execution.invocationStarted(change.requestId);
      case "invocation-completed": {
        const last = execution.invocations.at(-1);
        if (last === undefined || last.end !== undefined) throw new UpdateRejectedError(`execution ${change.arn} has no invocation running`);
        return () => execution.invocationCompleted(last, change.status, change.error);
      }
      case "finished":
        return () => execution.finish(change.status, change);
    }
  }

  private createEntry(change: Extract<Change, { type: "start" }>): Entry {
    const execution = new LocalExecution(change.arn, change.input === undefined ? undefined : JSON.parse(change.input), () => new Date(this.applying ?? this.clock.now()), change.functionName, change.timeoutSeconds, change.callbackSecret, change.token);
    let finished!: (execution: LocalExecution) => void;
    const done = new Promise<LocalExecution>((resolve) => (finished = resolve));
    const entry: Entry = {
      execution, fn: this.registry.find(change.functionName), name: change.name, inputDigest: inputDigest(change.input), invokedBy: change.invokedBy, adopted: false,
      timers: new Map(), timeout: undefined, invoking: false, changed: false, wake: undefined, done, finished,
    };
    this.entries.set(change.arn, entry);
    this.names.set(nameKey(change.functionName, change.name), change.arn);
    if (change.invokedBy !== undefined) this.children.set(childKey(change.invokedBy.arn, change.invokedBy.operationId), change.arn);
    this.watchEvents(execution);
    return entry;
  }

  private remember(summary: ArchivedSummary): void {
    this.archived.set(summary.arn, summary);
    this.names.set(nameKey(summary.functionName, summary.name), summary.arn);
    if (summary.invokedBy !== undefined) this.children.set(childKey(summary.invokedBy.arn, summary.invokedBy.operationId), summary.arn);
  }

  /**
   * A finished execution leaves memory for its archive file (with a journal); once enough have, their records are
   * folded out of the journal. An archive that cannot be written leaves the execution in memory and in the journal.
   */
  private retire(entry: Entry): void {
    const archive = this.archive;
    const execution = entry.execution;
    if (archive === undefined || entry.adopted || execution.status === "RUNNING") return;
    const summary: ArchivedSummary = {
      arn: execution.executionArn, name: entry.name, functionName: execution.functionName, status: execution.status,
      startedAt: execution.startedAt.getTime(), endedAt: execution.history.events.at(-1)!.EventTimestamp.getTime(), inputDigest: entry.inputDigest,
      ...(entry.invokedBy === undefined ? {} : { invokedBy: entry.invokedBy }),
    };
    try {
      archive.write(execution.toArchive(summary));
    } catch {
      return;
    }
    this.entries.delete(execution.executionArn);
    this.remember(summary);
    if (++this.foldable >= (this.options.compactEvery ?? 1000) && !this.stopping) this.compact();
  }

  /** Rewrites the journal as one `archived` record per finished execution and the records of the others. */
  private compact(): void {
    const journal = this.options.journal;
    if (journal === undefined || this.archive === undefined || this.foldable === 0) return;
    const keep = new Set(this.entries.keys());
    const archived = [...this.archived.values()];
    function* compacted(): Generator<Change> {
      for (const summary of archived) yield { type: "archived", arn: summary.arn, at: summary.endedAt, summary };
      for (const { change } of journal!.records()) if (change.type !== "archived" && keep.has(change.arn)) yield change;
    }
    try {
      this.archive.sync();
      journal.rewrite(compacted());
      this.foldable = 0;
    } catch (error) {
      if (!(error instanceof JournalWriteError)) throw error;
      // The old journal is intact; compaction is tried again after the next execution finishes.
    }
  }

  /**
   * Serves an execution whose invocations the caller makes itself (tests that call a handler by hand): its
   * checkpoints, timers and callbacks go through the service, but the service never invokes or journals it.
   */
  adopt(execution: LocalExecution): LocalExecution {
    const entry: Entry = {
      execution, fn: undefined, name: execution.executionArn.split("/").at(-2) ?? "", inputDigest: "", invokedBy: undefined, adopted: true,
      timers: new Map(), timeout: undefined, invoking: false, changed: false, wake: undefined, done: new Promise(() => {}), finished: () => {},
    };
    this.entries.set(execution.executionArn, entry);
    this.watchEvents(execution);
    return execution;
  }

  /** Invoke: a durable function starts an execution (and, with `wait`, returns its outcome); a plain one is called. */
  async invokeFunction(name: string, payload: unknown, options: { executionName?: string; wait: boolean }): Promise<{ executionArn?: string; result?: string; error?: ErrorObject }> {
    const fn = this.registry.get(name);
    if (fn.kind !== "workflow" && !fn.durable) {
      const work = this.invokers.callPlain(fn, name, payload);
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
    const entry = this.entries.get(executionArn);
    return entry !== undefined ? entry.done : Promise.resolve(this.get(executionArn));
  }

  /** The execution, in memory or (finished, with a journal) read back from its archive. */
  get(executionArn: string): LocalExecution {
    const entry = this.entries.get(executionArn);
    if (entry !== undefined) return entry.execution;
    if (this.archived.has(executionArn)) return LocalExecution.fromArchive(this.archive!.read(executionArn));
    throw new ExecutionNotFoundError(executionArn);
  }

  /** Every execution (of `functionName`), archived ones read back from disk: `summaries` is the cheap listing. */
  list(functionName?: string): LocalExecution[] {
    return this.summaries(functionName).map((summary) => this.get(summary.executionArn));
  }

  /** What List answers, in the order the executions started, without reading archived ones back. */
  summaries(functionName?: string): ExecutionSummary[] {
    const all: ExecutionSummary[] = [];
    for (const summary of this.archived.values()) {
      all.push({ executionArn: summary.arn, name: summary.name, functionName: summary.functionName, status: summary.status, startedAt: new Date(summary.startedAt), endedAt: new Date(summary.endedAt) });
    }
    for (const entry of this.entries.values()) {
      const execution = entry.execution;
      const endedAt = execution.status === "RUNNING" ? undefined : execution.history.events.at(-1)?.EventTimestamp;
      all.push({ executionArn: execution.executionArn, name: entry.name, functionName: execution.functionName, status: execution.status, startedAt: execution.startedAt, endedAt });
    }
    return all.filter((summary) => functionName === undefined || summary.functionName === functionName).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }

  checkpoint(executionArn: string, token: string, updates: readonly OperationUpdate[]): CheckpointResponse {
    const entry = this.entry(executionArn);
    const response = this.commit({ type: "checkpoint", arn: executionArn, at: this.clock.now(), token, nextToken: newCheckpointToken(), updates })!;
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
    this.commit({ type: "callback-heartbeat", arn: entry.execution.executionArn, at: this.clock.now(), callbackId });
    this.armHeartbeat(entry, entry.execution.byCallbackId(callbackId));
  }

  /** Ends a started wait now, before its time (what a test does to skip one wait without skipping time). */
  completeWait(executionArn: string, operationId: string): void {
    const entry = this.entry(executionArn);
    this.commit({ type: "wait-elapsed", arn: executionArn, at: this.clock.now(), operationId });
    this.cancelTimers(entry, operationId);
    this.changed(entry);
  }

  /** StopDurableExecution; an execution that already ended is refused, as AWS refuses it. */
  stop(executionArn: string, error?: ErrorObject): LocalExecution {
    const entry = this.entry(executionArn);
    this.commit({ type: "finished", arn: executionArn, at: this.clock.now(), status: "STOPPED", error: error ?? { ErrorType: "Execution.Stopped", ErrorMessage: "the execution was stopped" } });
    this.ended(entry);
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

  /** Starts an execution unless its name already names one (then returns that one, for the same input). */
  private begin(functionName: string, input: string | undefined, name: string, invokedBy: Entry["invokedBy"]): { execution: LocalExecution; existing: boolean } {
    this.registry.get(functionName);
    const digest = inputDigest(input);
    const known = this.names.get(nameKey(functionName, name));
    if (known !== undefined) {
      const knownDigest = this.entries.get(known)?.inputDigest ?? this.archived.get(known)?.inputDigest;
      if (knownDigest !== digest) throw new ExecutionAlreadyStartedError(functionName, name, known);
      return { execution: this.get(known), existing: true };
    }
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${functionName}:$LATEST/durable-execution/${name}/${randomUUID()}`;
    this.commit({
      type: "start", arn, at: this.clock.now(), functionName, name, input, timeoutSeconds: this.timeoutSeconds,
      callbackSecret: randomBytes(18).toString("base64url"), token: newCheckpointToken(), ...(invokedBy === undefined ? {} : { invokedBy }),
    });
    const entry = this.entries.get(arn)!;
    this.launch(entry);
    return { execution: entry.execution, existing: false };
  }

  private get timeoutSeconds(): number {
    return this.options.executionTimeoutSeconds ?? 86_400;
  }

  private entry(executionArn: string): Entry {
    const entry = this.entries.get(executionArn);
    if (entry !== undefined) return entry;
    const archived = this.archived.get(executionArn);
    if (archived !== undefined) throw new UpdateRejectedError(`execution ${executionArn} already ended ${archived.status}`);
    throw new ExecutionNotFoundError(executionArn);
  }

  /** The execution a callback id names: the id carries its execution's ARN (and a signature the execution checks). */
  private entryOfCallback(callbackId: string): Entry {
    const named = Buffer.from(callbackId.split(".")[0] ?? "", "base64url").toString("utf8");
    const arn = named.slice(0, Math.max(0, named.lastIndexOf("#")));
    const entry = this.entries.get(arn);
    if (entry !== undefined && entry.execution.all().some((operation) => operation.Type === "CALLBACK" && operation.CallbackDetails?.CallbackId === callbackId)) return entry;
    const archived = this.archived.get(arn);
    if (archived !== undefined && LocalExecution.fromArchive(this.archive!.read(arn)).all().some((operation) => operation.CallbackDetails?.CallbackId === callbackId)) {
      throw new UpdateRejectedError(`callback ${callbackId}: its execution already ended ${archived.status}`);
    }
    throw new CallbackNotFoundError(callbackId);
  }

  private onCallback(callbackId: string, change: (arn: string) => Change): void {
    const entry = this.entryOfCallback(callbackId);
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
    const arn = execution.executionArn;
    const journal = this.options.journal;
    let crashes = 0;
    while (execution.status === "RUNNING" && !this.stopping) {
      entry.changed = false;
      entry.invoking = true;
      const requestId = randomUUID();
      if (!(await this.commitOrWait(() => ({ type: "invocation-started", arn, at: this.clock.now(), requestId })))) break;
      const storageFailures = journal?.failures ?? 0;
      let output: InvocationOutput | undefined;
      let crash: ErrorObject | undefined;
      try {
        output = checkOutput(await this.invokers.invokeDurable(entry.fn!, execution, this.portOf(execution)));
      } catch (error) {
        crash = errorObjectOf(error);
      }
      entry.invoking = false;
      // Abandoned by a stopping service: nothing is recorded, and a restart invokes it again, as after kill -9.
      if (this.stopping || execution.status !== "RUNNING") break;
      const completed = crash === undefined
        ? { type: "invocation-completed", arn, at: this.clock.now(), status: output?.Status } as const
        : { type: "invocation-completed", arn, at: this.clock.now(), status: undefined, error: crash } as const;
      if (!(await this.commitOrWait(() => ({ ...completed, at: this.clock.now() })))) break;
      if (crash !== undefined || output === undefined) {
        // The service's own storage failing the handler's checkpoints is no crash of the handler.
        if ((journal?.failures ?? 0) !== storageFailures) await new Promise((resolve) => setTimeout(resolve, STORAGE_RETRY_MS).unref());
        else if (++crashes > (this.options.maxCrashes ?? 3)) await this.endWhenPossible(entry, "FAILED", { error: crash });
        continue;
      }
      crashes = 0;
      if (output.Status === "SUCCEEDED") await this.endWhenPossible(entry, "SUCCEEDED", { result: output.Result });
      else if (output.Status === "FAILED") await this.endWhenPossible(entry, "FAILED", { error: output.Error });
      else if (!entry.changed) await this.nextChange(entry);
    }
  }

  /** The port an in-process workflow checkpoints through: the same calls the HTTP API makes. */
  private portOf(execution: LocalExecution): DurablePort {
    return {
      checkpoint: async (token, updates) => this.checkpoint(execution.executionArn, token, updates),
      getState: async (token, marker) => execution.page(token, marker, 1000),
    };
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

  private async endWhenPossible(entry: Entry, status: "SUCCEEDED" | "FAILED", outcome: { result?: string; error?: ErrorObject }): Promise<void> {
    if (await this.commitOrWait(() => ({ type: "finished", arn: entry.execution.executionArn, at: this.clock.now(), status, ...outcome }))) this.ended(entry);
  }

  private ended(entry: Entry): void {
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
      if (operation === undefined || (operation.Status !== "STARTED" && operation.Status !== "PENDING")) return;
      this.commitSoon(entry, complete, () => {
        this.cancelTimers(entry, operationId);
        this.changed(entry);
      });
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

  /**
   * A chained invoke: a durable function runs as a child execution linked to this operation (found again by that
   * link after a restart, never by a name someone else could give), a plain one is called.
   */
  private async chainedInvoke(entry: Entry, operation: Operation, functionName: string, payload: string | undefined): Promise<void> {
    let outcome: { result?: string; error?: ErrorObject };
    const fn = this.registry.find(functionName);
    const parentArn = entry.execution.executionArn;
    if (fn === undefined) {
      outcome = { error: { ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${functionName}` } };
    } else if (fn.kind === "workflow" || fn.durable) {
      let childArn = this.children.get(childKey(parentArn, operation.Id));
      for (let delay = 50; childArn === undefined; delay = Math.min(delay * 2, STORAGE_RETRY_MS)) {
        if (this.stopping) return;
        try {
          childArn = this.begin(functionName, payload, childExecutionName(entry.name, operation.Id), { arn: parentArn, operationId: operation.Id }).execution.executionArn;
        } catch (error) {
          if (!(error instanceof JournalWriteError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay).unref());
        }
      }
      const done = await this.result(childArn);
      outcome = done.status === "SUCCEEDED" ? { result: done.result } : { error: done.error ?? { ErrorType: `Execution.${done.status}`, ErrorMessage: `the invoked execution ended ${done.status}` } };
    } else {
      outcome = await this.invokers.callPlain(fn, functionName, payload === undefined ? undefined : JSON.parse(payload));
    }
    if (await this.commitOrWait(() => ({ type: "invoke-completed", arn: parentArn, at: this.clock.now(), operationId: operation.Id, ...outcome }))) this.changed(entry);
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

export class ExecutionNotFoundError extends Error {
  constructor(arn: string) {
    super(`Durable execution ${arn} not found`);
    this.name = "ResourceNotFoundException";
  }
}

/** The service is stopping: it records nothing more. Served as 503, which clients retry (against the restarted service). */
export class ServiceStoppingError extends Error {
  readonly $metadata = { httpStatusCode: 503 };
  constructor() {
    super("the service is stopping; nothing more is recorded");
    this.name = "ServiceUnavailableException";
  }
}

const nameKey = (functionName: string, name: string) => `${functionName}/${name}`;
const childKey = (parentArn: string, operationId: string) => `${parentArn}#${operationId}`;

function invalid(message: string): Error {
  return Object.assign(new Error(message), { name: "InvalidParameterValueException" });
}

function serializeInput(input: unknown): string | undefined {
  try {
    return input === undefined ? undefined : JSON.stringify(input);
  } catch (error) {
    throw invalid(`the input cannot be serialized as JSON (${(error as Error).message})`);
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
