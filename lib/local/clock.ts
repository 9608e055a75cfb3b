/**
 * Time as the local service sees it: real in `serve`, skippable in tests.
 * @example
 * const clock: Clock = new SkippingClock(Date.parse("2026-01-01T00:00:00Z"));
 * clock.schedule(clock.now() + 60_000, () => console.log("a minute later"));
 */
export interface Clock {
  now(): number;
  /** Calls `fire` at epoch millisecond `at` (at once when that has passed). */
  schedule(at: number, fire: () => void): Timer;
}

export interface Timer {
  cancel(): void;
}

/** Node's timers cap a delay at about 24.8 days; longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The machine's time; what `durable serve` uses.
 * @example
 * const service = new LocalService({ clock: new RealClock() });
 */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(at: number, fire: () => void): Timer {
    let handle: ReturnType<typeof setTimeout>;
    const arm = (): void => {
      const delay = at - Date.now();
      handle = setTimeout(delay > MAX_TIMEOUT_MS ? arm : fire, Math.max(0, Math.min(delay, MAX_TIMEOUT_MS)));
      handle.unref?.();
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  }
}

/**
 * Virtual time that jumps: whenever the service is idle (no invocation running, nothing else to wait for), it
 * moves to the earliest timer and fires it. A 1-hour wait completes at once, and timers still fire in the order
 * of their due times.
 * @example
 * const service = new LocalService({ clock: new SkippingClock() }); // a 1-hour wait completes at once
 */
export class SkippingClock implements Clock {
  private current: number;
  private timers: { at: number; seq: number; fire: () => void; cancelled: boolean }[] = [];
  private seq = 0;

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(at: number, fire: () => void): Timer {
    const timer = { at, seq: this.seq++, fire, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Fires the earliest pending timer after moving time to it; false when there is none. */
  skipToNext(): boolean {
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    if (this.timers.length === 0) return false;
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.timers.shift()!;
    this.current = Math.max(this.current, next.at);
    next.fire();
    return true;
  }

  /** Moves time forward by `ms` (a callback answered after a delay, say), firing what falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers = this.timers.filter((timer) => !timer.cancelled);
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (next === undefined || next.at > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.at);
      next.fire();
    }
    this.current = target;
  }
}
