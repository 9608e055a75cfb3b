import { CheckpointBatcher, type CheckpointStats } from "./batcher";
import type { DurablePort } from "./port";
import type { Operation, OperationUpdate } from "./wire";

/**
 * The run's side of the checkpoint API: updates queued for the batcher, what waits for them to be durable, and
 * who watches which operation for the service's next report of it (several watchers per operation, all called).
 */
export class Durability {
  private readonly batcher: CheckpointBatcher;
  private durableWaiters: { seq: number; then: () => void }[] = [];
  private readonly watchers = new Map<string, ((operation: Operation) => void)[]>();

  constructor(port: DurablePort, checkpointToken: string, private readonly merge: (operations: readonly Operation[]) => void) {
    this.batcher = new CheckpointBatcher(port, checkpointToken, {
      changed: (operations) => this.changed(operations),
      durable: () => this.releaseDurableWaiters(),
    });
  }

  get stats(): CheckpointStats {
    return this.batcher.stats;
  }

  /** Updates wait to be sent, and no call is in flight to take them. */
  get sendable(): boolean {
    return this.batcher.queued && !this.batcher.busy;
  }

  /** Nothing queued and nothing in flight. */
  get drained(): boolean {
    return !this.batcher.queued && !this.batcher.busy;
  }

  get busy(): boolean {
    return this.batcher.busy;
  }

  enqueue(update: OperationUpdate): void {
    this.batcher.enqueue(update);
  }

  /** Sends the next checkpoint call. */
  send(): Promise<void> {
    return this.batcher.sendNext();
  }

  whenDurable(then: () => void): void {
    const seq = this.batcher.lastEnqueued;
    if (this.batcher.durableThrough >= seq) then();
    else this.durableWaiters.push({ seq, then });
  }

  watch(id: string, onChange: (operation: Operation) => void): void {
    const waiting = this.watchers.get(id);
    if (waiting === undefined) this.watchers.set(id, [onChange]);
    else waiting.push(onChange);
  }

  /** The first operation some fiber waits on (where a replay-only run stopped when nothing else was new). */
  firstWatched(): string | undefined {
    const first = this.watchers.keys().next();
    return first.done ? undefined : first.value;
  }

  private changed(operations: readonly Operation[]): void {
    this.merge(operations);
    for (const operation of operations) {
      const waiting = this.watchers.get(operation.Id);
      if (waiting === undefined) continue;
      this.watchers.delete(operation.Id);
      for (const onChange of waiting) onChange(operation);
    }
  }

  private releaseDurableWaiters(): void {
    const durable = this.batcher.durableThrough;
    if (this.durableWaiters.length === 0 || this.durableWaiters[0]!.seq > durable) return;
    const waiting = this.durableWaiters;
    this.durableWaiters = [];
    for (const waiter of waiting) {
      if (waiter.seq <= durable) waiter.then();
      else this.durableWaiters.push(waiter);
    }
  }
}
