import { SkippingClock, type Clock } from "./clock";
import type { ExecutionStore } from "./execution-store";

/**
 * With a skipping clock, moves time to the next timer once nothing else can happen: no invocation running, no
 * outside work in flight, and every running execution waiting for a change, through a whole turn of the event loop
 * in which nothing was committed: code that answers a change with a setImmediate of its own (a test answering a
 * callback as soon as it starts) gets that turn before time moves.
 */
export class TimeSkipper {
  private outsideWork = 0;
  private scheduled = false;
  /** The store's commit count when every execution was last found waiting; undefined when they were not. */
  private quietSince: number | undefined;

  constructor(private readonly clock: Clock, private readonly store: ExecutionStore, private readonly holdForCallbacks: boolean) {}

  /** Tracks work done on the executions' behalf outside any invocation, so skipped time waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.outsideWork++;
    return work.finally(() => {
      this.outsideWork--;
      this.maybeSkip();
    });
  }

  maybeSkip(): void {
    if (!(this.clock instanceof SkippingClock) || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const clock = this.clock as SkippingClock;
      const running = [...this.store.inMemory()].filter((entry) => entry.execution.status === "RUNNING");
      const idle = this.outsideWork === 0 && running.every((entry) => entry.fn === undefined || (!entry.invoking && entry.wake !== undefined));
      const holding = this.holdForCallbacks && running.some((entry) => entry.execution.all().some((operation) => operation.Type === "CALLBACK" && operation.Status === "STARTED"));
      if (holding || !idle || running.length === 0) {
        this.quietSince = undefined;
        return;
      }
      if (this.quietSince !== this.store.committed) {
        this.quietSince = this.store.committed;
        this.maybeSkip();
        return;
      }
      this.quietSince = undefined;
      if (clock.skipToNext()) this.maybeSkip();
    });
  }
}
