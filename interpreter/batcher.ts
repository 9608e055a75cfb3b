import type { DurablePort } from "./port";
import { LIMITS, type Operation, type OperationUpdate } from "./wire";
import { InvocationError } from "./invocation-error";
import { utf8Length } from "./payload";

/** Fixed per-update overhead (ids, names, types) in the request-size estimate. */
const UPDATE_OVERHEAD_BYTES = 200;

export interface CheckpointStats {
  calls: number;
  updates: number;
  bytes: number;
}

/**
 * Sends updates in order, in as few CheckpointDurableExecution calls as the limits allow, one call in flight,
 * chaining the checkpoint token. Updates queued while a call is in flight go in the next call.
 */
export class CheckpointBatcher {
  private queue: OperationUpdate[] = [];
  private inFlight = false;
  private enqueued = 0;
  private acknowledged = 0;
  readonly stats: CheckpointStats = { calls: 0, updates: 0, bytes: 0 };

  constructor(
    private readonly port: DurablePort,
    private token: string,
    private readonly on: {
      /** Operations the service reports changed, merged before anything waiting on durability goes on. */
      changed: (operations: readonly Operation[]) => void;
      /** Everything sent so far is durable; called before the batcher takes the next call. */
      durable: () => void;
    },
  ) {}

  /** Queues an update; returns its sequence number, durable once `durableThrough >= seq`. */
  enqueue(update: OperationUpdate): number {
    this.queue.push(update);
    return ++this.enqueued;
  }

  get queued(): boolean {
    return this.queue.length > 0;
  }

  get busy(): boolean {
    return this.inFlight;
  }

  get lastEnqueued(): number {
    return this.enqueued;
  }

  get durableThrough(): number {
    return this.acknowledged;
  }

  /**
   * Sends the next batch. Call only when not busy and something is queued. A call that fails leaves the batcher
   * busy for good: the token chain is broken, nothing more can be sent in this invocation, and the run must not
   * take it for idle (and end PENDING) before the failure reaches it.
   */
  async sendNext(): Promise<void> {
    const batch = this.takeBatch();
    this.inFlight = true;
    const response = await this.port.checkpoint(this.token, batch.updates);
    if (response.CheckpointToken) this.token = response.CheckpointToken;
    this.stats.calls++;
    this.stats.updates += batch.updates.length;
    this.stats.bytes += batch.bytes;
    const state = response.NewExecutionState;
    if (state?.Operations !== undefined && state.Operations.length > 0) this.on.changed(state.Operations);
    let marker = state?.NextMarker;
    // A repeated marker, or more pages than an execution can fill, would page forever: the invocation ends instead.
    // Made only when the response pages: an empty Set is some 300 bytes, on every call (a heap sampling of
    // `npm run bench`'s "fresh 1,000 steps" on the minimal service).
    let markers: Set<string> | undefined;
    let paged = 0;
    while (marker) {
      markers ??= new Set<string>();
      if (markers.has(marker)) throw new InvocationError(`GetDurableExecutionState returned the NextMarker ${JSON.stringify(marker)} a second time after a checkpoint: the service's paging does not end`);
      markers.add(marker);
      const page = await this.port.getState(this.token, marker);
      paged += page.Operations?.length ?? 0;
      if (paged > LIMITS.operationsPerExecution + 1) throw new InvocationError(`the service paged ${paged} changed operations after a checkpoint, more than an execution may have (${LIMITS.operationsPerExecution})`);
      if (page.Operations !== undefined && page.Operations.length > 0) this.on.changed(page.Operations);
      marker = page.NextMarker;
    }
    this.acknowledged += batch.updates.length;
    this.on.durable();
    this.inFlight = false;
  }

  private takeBatch(): { updates: OperationUpdate[]; bytes: number } {
    let count = 0;
    let bytes = this.token.length + 100;
    while (count < this.queue.length && count < LIMITS.updatesPerCheckpoint) {
      const size = estimateBytes(this.queue[count]!);
      if (count > 0 && bytes + size > LIMITS.checkpointBytes) break;
      bytes += size;
      count++;
    }
    const updates = count === this.queue.length ? this.queue : this.queue.slice(0, count);
    this.queue = count === this.queue.length ? [] : this.queue.slice(count);
    return { updates, bytes };
  }
}

function estimateBytes(update: OperationUpdate): number {
  let bytes = UPDATE_OVERHEAD_BYTES + (update.Name === undefined ? 0 : utf8Length(update.Name));
  if (update.Payload !== undefined) bytes += utf8Length(update.Payload);
  if (update.Error !== undefined) bytes += utf8Length(JSON.stringify(update.Error));
  return bytes;
}
