import type { Scope } from "./scope";

/** How a fiber continues: `next(value)`, `throw(value)`, or not yet (it waits on something). */
export const NEXT = 0;
export const THROW = 1;
export const BLOCKED = 2;
export type Resumption = typeof NEXT | typeof THROW;
export type Step = Resumption | typeof BLOCKED;

export type FiberEnd = (mode: Resumption, value: unknown) => void;

/** One running generator: the workflow body, a child context's body. */
export class Fiber {
  blocked = false;
  mode: Resumption = NEXT;
  value: unknown = undefined;

  constructor(
    readonly generator: Generator<unknown, unknown, unknown>,
    readonly scope: Scope,
    readonly onEnd: FiberEnd,
  ) {}
}

export function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return typeof value === "object" && value !== null && typeof (value as Generator).next === "function" && typeof (value as Generator).throw === "function";
}
