import { Op } from "./op";
import type { WaitMeta } from "./op-meta";
import { toSeconds, type Duration } from "./duration";
import { checkName } from "./validation";
import { DurableUsageError } from "./errors";

/**
 * The service accepts waits from 1 second to 1 year.
 * @example
 * yield* wait("long", Math.min(seconds, MAX_WAIT_SECONDS));
 */
export const MAX_WAIT_SECONDS = 365 * 86_400;

export class WaitOp extends Op<void> {
  readonly kind = "wait";
  constructor(readonly name: string, readonly seconds: number) {
    super();
    Object.freeze(this);
  }
}

/**
 * Waits `duration` (seconds, or { days, hours, minutes, seconds }; 1 second to 1 year) without running or being
 * billed: the invocation ends and the service invokes the function again when the wait is over.
 * @example
 * yield* wait("cool-off", { minutes: 30 });
 * yield* wait("short", 10);
 */
export function wait<N extends string = string>(name: N, duration: Duration): Op<void, WaitMeta<N>> {
  checkName("wait", name);
  const seconds = toSeconds(duration, `wait("${name}") duration`);
  if (seconds < 1 || seconds > MAX_WAIT_SECONDS) {
    throw new DurableUsageError(`wait("${name}") duration must be between 1 second and 1 year, got ${seconds}s`);
  }
  // The meta exists in the types only.
  return new WaitOp(name, seconds) as Op<void, WaitMeta<N>>;
}
