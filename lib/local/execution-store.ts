import { ExecutionArchive, type ArchivedSummary } from "./archive";
import type { Clock, Timer } from "./clock";
import { ExecutionAlreadyStartedError, inputDigest } from "./execution-names";
import { CallbackNotFoundError, LocalExecution, type CheckpointResponse } from "./execution";
import type { HistoryEvent } from "./events";
import { MissingFunctionsError, type FunctionRegistry, type LocalFunction } from "./function-registry";
import { JournalCorruptError, JournalWriteError, type Change, type Journal } from "./journal";
import { UpdateRejectedError } from "./operations";

/** One execution the service holds in memory, with what its invocation loop and timers need. */
export interface Entry {
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
  wake: (() => void) | undefined;
  readonly done: Promise<LocalExecution>;
  readonly finished: (execution: LocalExecution) => void;
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

export type EventListener = (execution: LocalExecution, event: HistoryEvent) => void;

/** Told after every change the service made (journaled first, when it has a journal): the execution's ARN and the change. */
export type ChangeListener = (executionArn: string, change: Change) => void;

/** How long a commit that storage refused waits before it is tried again, at most. */
export const STORAGE_RETRY_MS = 1000;

/**
 * The executions and their change log: every change is checked against the executions as they are, journaled
 * (write-ahead), then applied; replaying the journal rebuilds them. Finished executions leave memory for their
 * archive files, and the journal is compacted to one record for each.
 */
export class ExecutionStore {
  private readonly entries = new Map<string, Entry>();
  private readonly archived = new Map<string, ArchivedSummary>();
  /** `function/name` to the execution's ARN: names are idempotency keys. */
  private readonly names = new Map<string, string>();
  /** `parentArn#operationId` to the child execution a chained invoke started. */
  private readonly children = new Map<string, string>();
  private readonly listeners: EventListener[] = [];
  private readonly changeListeners: ChangeListener[] = [];
  private readonly archive: ExecutionArchive | undefined;
  /** Finished executions archived whose records the journal still holds. */
  private foldable = 0;
  private closed = false;
  /** While the journal is read: compaction, which reads it too, waits for the end. */
  private loading = false;
  /** The time of the change being applied: replayed changes keep the time they happened at. */
  private applying: number | undefined;
  private commits = 0;

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly clock: Clock,
    private readonly journal: Journal | undefined,
    private readonly compactEvery: number,
  ) {
    this.archive = journal === undefined ? undefined : new ExecutionArchive(journal.directory);
  }

  /** True once the service stops: nothing more is committed. */
  get stopping(): boolean {
    return this.closed;
  }

  /** How many appends storage refused so far (an invocation's crash during one is the service's fault, not the handler's). */
  get storageFailures(): number {
    return this.journal?.failures ?? 0;
  }

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  onChange(listener: ChangeListener): () => void {
    this.changeListeners.push(listener);
    return () => {
      const index = this.changeListeners.indexOf(listener);
      if (index >= 0) this.changeListeners.splice(index, 1);
    };
  }

  /** Changes committed since the service started: the time skipper tells a quiet turn from a busy one by it. */
  get committed(): number {
    return this.commits;
  }

  /**
   * Records a change and applies it: checked first (throwing what the API answers, changing nothing), then
   * journaled (a storage error throws JournalWriteError, changing nothing), then applied; then listeners hear of it.
   */
  commit(change: Change): CheckpointResponse | undefined {
    if (this.closed) throw new ServiceStoppingError();
    let result: CheckpointResponse | undefined;
    this.applying = change.at;
    try {
      const apply = this.prepare(change);
      if (this.entries.get(change.arn)?.adopted !== true) this.journal?.append(change);
      result = apply() ?? undefined;
      this.commits++;
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
  commitSoon(entry: Entry, make: () => Change, after: () => void): void {
    if (this.closed || entry.execution.status !== "RUNNING") return;
    try {
      this.commit(make());
    } catch (error) {
      if (error instanceof JournalWriteError) setTimeout(() => this.commitSoon(entry, make, after), STORAGE_RETRY_MS).unref();
      return;
    }
    after();
  }

  /** Waits out storage errors; false when the change no longer applies or the service stops. */
  async commitOrWait(make: () => Change): Promise<boolean> {
    for (let delay = 50; ; delay = Math.min(delay * 2, STORAGE_RETRY_MS)) {
      if (this.closed) return false;
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
   * Rebuilds the executions the journal holds, reading it as a stream; archives the finished ones and folds them
   * out of the journal. Throws, having started nothing, when a record cannot be replayed (naming its line) or a
   * running execution's function is not registered.
   */
  load(): void {
    const journal = this.journal;
    if (journal === undefined) return;
    this.loading = true;
    try {
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
    } finally {
      this.loading = false;
    }
    const missing = new Map<string, number>();
    for (const entry of this.entries.values()) {
      if (entry.execution.status === "RUNNING" && entry.fn === undefined && !entry.adopted) missing.set(entry.execution.functionName, (missing.get(entry.execution.functionName) ?? 0) + 1);
    }
    if (missing.size > 0) throw new MissingFunctionsError(missing);
    this.compact();
  }

  /** Refuses every change from now on and closes the journal. */
  close(): void {
    this.closed = true;
    this.journal?.close();
  }

  /** The executions in memory: the running ones, and (without a journal) the finished ones. */
  inMemory(): IterableIterator<Entry> {
    return this.entries.values();
  }

  find(executionArn: string): Entry | undefined {
    return this.entries.get(executionArn);
  }

  /** The execution's entry; an archived one is refused as ended, an unknown one as not found. */
  entry(executionArn: string): Entry {
    const entry = this.entries.get(executionArn);
    if (entry !== undefined) return entry;
    const archived = this.archived.get(executionArn);
    if (archived !== undefined) throw new UpdateRejectedError(`execution ${executionArn} already ended ${archived.status}`);
    throw new ExecutionNotFoundError(executionArn);
  }

  /** The execution, in memory or (finished, with a journal) read back from its archive. */
  get(executionArn: string): LocalExecution {
    const entry = this.entries.get(executionArn);
    if (entry !== undefined) return entry.execution;
    if (this.archived.has(executionArn)) return LocalExecution.fromArchive(this.archive!.read(executionArn));
    throw new ExecutionNotFoundError(executionArn);
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

  /** The execution already named `name` (with the same input), undefined for a new name; another input is refused. */
  named(functionName: string, name: string, input: string | undefined): LocalExecution | undefined {
    const known = this.names.get(nameKey(functionName, name));
    if (known === undefined) return undefined;
    const knownDigest = this.entries.get(known)?.inputDigest ?? this.archived.get(known)?.inputDigest;
    if (knownDigest !== inputDigest(input)) throw new ExecutionAlreadyStartedError(functionName, name, known);
    return this.get(known);
  }

  /** The child execution the chained invoke `operationId` of `parentArn` started, if it has. */
  childOf(parentArn: string, operationId: string): string | undefined {
    return this.children.get(childKey(parentArn, operationId));
  }

  /** The execution a callback id names: the id carries its execution's ARN (and a signature the execution checks). */
  entryOfCallback(callbackId: string): Entry {
    const named = Buffer.from(callbackId.split(".")[0] ?? "", "base64url").toString("utf8");
    const arn = named.slice(0, Math.max(0, named.lastIndexOf("#")));
    const entry = this.entries.get(arn);
    if (entry !== undefined && entry.execution.all().some((operation) => operation.Type === "CALLBACK" && operation.CallbackDetails?.CallbackId === callbackId)) return entry;
    const archived = this.archived.get(arn);
    if (archived !== undefined && this.get(arn).all().some((operation) => operation.CallbackDetails?.CallbackId === callbackId)) {
      throw new UpdateRejectedError(`callback ${callbackId}: its execution already ended ${archived.status}`);
    }
    throw new CallbackNotFoundError(callbackId);
  }

  /** Serves an execution someone else made and invokes: never journaled. */
  adopt(execution: LocalExecution): void {
    const entry: Entry = {
      execution, fn: undefined, name: execution.executionArn.split("/").at(-2) ?? "", inputDigest: "", invokedBy: undefined, adopted: true,
      timers: new Map(), timeout: undefined, invoking: false, wake: undefined, done: new Promise(() => {}), finished: () => {},
    };
    this.entries.set(execution.executionArn, entry);
    this.watchEvents(execution);
  }

  /**
   * A finished execution leaves memory for its archive file (with a journal); once enough have, their records are
   * folded out of the journal. An archive that cannot be written leaves the execution in memory and in the journal.
   */
  retire(entry: Entry): void {
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
    if (++this.foldable >= this.compactEvery && !this.closed && !this.loading) this.compact();
  }

  /**
   * Checks a change against the executions as they are and returns what applies it; throws, changing nothing,
   * when the change does not apply (the journal is then never written).
   */
  private prepare(change: Change): () => CheckpointResponse | void {
    if (change.type === "start") {
      if (this.entries.has(change.arn) || this.archived.has(change.arn)) throw new UpdateRejectedError(`execution ${change.arn} already exists`);
      return () => void this.createEntry(change);
    }
    if (change.type === "archived") return () => void this.remember(change.summary);
    const execution = this.entry(change.arn).execution;
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

  private createEntry(change: Extract<Change, { type: "start" }>): void {
    const execution = new LocalExecution(change.arn, change.input === undefined ? undefined : JSON.parse(change.input), () => new Date(this.applying ?? this.clock.now()), change.functionName, change.timeoutSeconds, change.callbackSecret, change.token);
    let finished!: (execution: LocalExecution) => void;
    const done = new Promise<LocalExecution>((resolve) => (finished = resolve));
    this.entries.set(change.arn, {
      execution, fn: this.registry.find(change.functionName), name: change.name, inputDigest: inputDigest(change.input), invokedBy: change.invokedBy, adopted: false,
      timers: new Map(), timeout: undefined, invoking: false, wake: undefined, done, finished,
    });
    this.names.set(nameKey(change.functionName, change.name), change.arn);
    if (change.invokedBy !== undefined) this.children.set(childKey(change.invokedBy.arn, change.invokedBy.operationId), change.arn);
    this.watchEvents(execution);
  }

  private remember(summary: ArchivedSummary): void {
    this.archived.set(summary.arn, summary);
    this.names.set(nameKey(summary.functionName, summary.name), summary.arn);
    if (summary.invokedBy !== undefined) this.children.set(childKey(summary.invokedBy.arn, summary.invokedBy.operationId), summary.arn);
  }

  /** Rewrites the journal as one `archived` record per finished execution and the records of the others. */
  private compact(): void {
    const journal = this.journal;
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

  private watchEvents(execution: LocalExecution): void {
    const tell = (event: HistoryEvent) => {
      for (const listener of this.listeners) listener(execution, event);
    };
    execution.history.events.forEach(tell);
    execution.history.onAppend = tell;
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
