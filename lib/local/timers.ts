import type { Operation } from "../../interpreter/wire";
import type { Clock } from "./clock";
import type { AppliedUpdate } from "./execution";
import type { Entry, ExecutionStore } from "./execution-store";
import type { Change } from "./journal";

/** Starts the chained invoke an operation asked for (from its START update, or again after a restart). */
export type ChainedInvokeStarter = (entry: Entry, operation: Operation, functionName: string, payload: string | undefined) => void;

/**
 * The timers of pending operations: a wait's end, a retry's delay, a callback's timeout and heartbeat timeout.
 * Each commits its change when due, unless the operation completed otherwise first, then wakes the execution.
 */
export class OperationTimers {
  constructor(
    private readonly clock: Clock,
    private readonly store: ExecutionStore,
    private readonly wake: (entry: Entry) => void,
    private readonly startChainedInvoke: ChainedInvokeStarter,
  ) {}

  /** What a checkpoint's applied updates start: timers, and chained invokes. */
  schedule(entry: Entry, applied: readonly AppliedUpdate[]): void {
    for (const { update, operation } of applied) {
      if (update.Type === "WAIT" && update.Action === "START") this.armWait(entry, operation);
      else if (update.Type === "STEP" && update.Action === "RETRY") this.armRetry(entry, operation);
      else if (update.Type === "CALLBACK" && update.Action === "START") this.armCallback(entry, operation);
      else if (update.Type === "CHAINED_INVOKE" && update.Action === "START") this.startChainedInvoke(entry, operation, update.ChainedInvokeOptions?.FunctionName ?? "", update.Payload);
    }
  }

  /** After a restart: the timers of every pending operation, and the chained invokes still running. */
  rearm(entry: Entry): void {
    for (const operation of entry.execution.all()) {
      if (operation.Type === "WAIT" && operation.Status === "STARTED") this.armWait(entry, operation);
      else if (operation.Type === "STEP" && operation.Status === "PENDING") this.armRetry(entry, operation);
      else if (operation.Type === "CALLBACK" && operation.Status === "STARTED") this.armCallback(entry, operation);
      else if (operation.Type === "CHAINED_INVOKE" && operation.Status === "STARTED") {
        const start = this.startOf(entry, operation);
        this.startChainedInvoke(entry, operation, start?.ChainedInvokeOptions?.FunctionName ?? "", start?.Payload);
      }
    }
  }

  /** A heartbeat: the callback's heartbeat timeout starts again from now. */
  armHeartbeat(entry: Entry, operation: Operation, from = this.clock.now()): void {
    const seconds = this.startOf(entry, operation)?.CallbackOptions?.HeartbeatTimeoutSeconds;
    if (!seconds) return;
    const callbackId = operation.CallbackDetails!.CallbackId!;
    const arn = entry.execution.executionArn;
    this.arm(entry, `${operation.Id}:heartbeat`, from + seconds * 1000, () => ({ type: "callback-timed-out", arn, at: this.clock.now(), callbackId, kind: "Callback.Heartbeat" }));
  }

  /** Cancels the operation's timers: it completed otherwise. */
  cancel(entry: Entry, operationId: string): void {
    for (const [key, timer] of entry.timers) {
      if (key === operationId || key.startsWith(`${operationId}:`)) {
        timer.cancel();
        entry.timers.delete(key);
      }
    }
  }

  cancelAll(entry: Entry): void {
    for (const timer of entry.timers.values()) timer.cancel();
    entry.timers.clear();
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
    const seconds = this.startOf(entry, operation)?.CallbackOptions?.TimeoutSeconds;
    const callbackId = operation.CallbackDetails!.CallbackId!;
    const arn = entry.execution.executionArn;
    const started = timeOf(operation.StartTimestamp);
    if (seconds) this.arm(entry, operation.Id, started + seconds * 1000, () => ({ type: "callback-timed-out", arn, at: this.clock.now(), callbackId, kind: "Callback.Timeout" }));
    this.armHeartbeat(entry, operation, entry.execution.lastHeartbeat(callbackId) ?? started);
  }

  private startOf(entry: Entry, operation: Operation) {
    return entry.execution.checkpoints.flat().find((update) => update.Id === operation.Id && update.Action === "START");
  }

  /** Commits the change `complete` makes at `at`, unless the operation completed otherwise first; then wakes the execution. */
  private arm(entry: Entry, key: string, at: number, complete: () => Change): void {
    entry.timers.get(key)?.cancel();
    const operationId = key.split(":")[0]!;
    entry.timers.set(key, this.clock.schedule(at, () => {
      entry.timers.delete(key);
      const operation = entry.execution.get(operationId);
      if (operation === undefined || (operation.Status !== "STARTED" && operation.Status !== "PENDING")) return;
      this.store.commitSoon(entry, complete, () => {
        this.cancel(entry, operationId);
        this.wake(entry);
      });
    }));
  }
}

function timeOf(timestamp: Date | number | string | undefined): number {
  if (timestamp instanceof Date) return timestamp.getTime();
  if (typeof timestamp === "number") return timestamp;
  return timestamp === undefined ? Date.now() : Date.parse(timestamp);
}
