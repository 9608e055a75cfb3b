import { NEXT, type Done, type Resumption } from "./host";
import type { Scope } from "./scope";

/**
 * One running generator: the workflow body, a child context's body, a batch item. `answer` is handed to the
 * runner of each descriptor it yields; made once per fiber, so dispatching a descriptor allocates no callback.
 */
export class Fiber {
  mode: Resumption = NEXT;
  value: unknown = undefined;
  /** True while a runner of this fiber's descriptor runs: an answer then is synchronous (a replay). */
  dispatching = false;
  /** Set when the runner answered while `dispatching`. */
  answered = false;
  readonly answer: Done;

  constructor(
    readonly generator: Generator<unknown, unknown, unknown>,
    readonly scope: Scope,
    readonly onEnd: Done,
    resume: (fiber: Fiber, mode: Resumption, value: unknown) => void,
  ) {
    this.answer = (mode, value) => {
      if (this.dispatching) {
        this.answered = true;
        this.mode = mode;
        this.value = value;
      } else {
        resume(this, mode, value);
      }
    };
  }
}

export function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return typeof value === "object" && value !== null && typeof (value as Generator).next === "function" && typeof (value as Generator).throw === "function";
}
