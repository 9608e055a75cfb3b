import { DurableUsageError } from "../dsl/errors";
import { describe } from "../dsl/describe";
import { isOp, type Op } from "../dsl/op";
import { Fiber } from "./fiber";
import { NEXT, THROW, type Resumption, type Done, type RunnerHost } from "./host";
import { positionFor, runnerFor } from "./runners/index";
import type { Scope } from "./scope";
import { BuiltDescriptors } from "./unyielded";

/**
 * The driver, as redux-saga's proc: runs fibers (generators) until each waits, handing every yielded descriptor to
 * its runner. A runner that answers before it returns (a replayed operation) continues the fiber in the same
 * loop, with no promise and no queueing; one that answers later puts the fiber back in the ready queue. That
 * distinction lives here only.
 */
export class Scheduler {
  private readonly ready: Fiber[] = [];
  private readonly resumeFiber = (fiber: Fiber, mode: Resumption, value: unknown): void => this.resume(fiber, mode, value);
  private readonly built = new BuiltDescriptors();

  constructor(
    private readonly host: RunnerHost,
    /** The run that owns the descriptors yielded here (a descriptor stands for one operation of one run). */
    private readonly owner: object,
    private readonly stopped: () => boolean,
    private readonly woken: () => void,
  ) {}

  get idle(): boolean {
    return this.ready.length === 0;
  }

  start(generator: Generator<unknown, unknown, unknown>, scope: Scope, onEnd: Done): void {
    this.ready.push(new Fiber(generator, scope, onEnd, this.resumeFiber));
  }

  /** The named descriptors workflow code built and never yielded, each with where (see unyielded.ts). */
  unyielded(): string[] {
    return this.built.unyielded(this.owner);
  }

  /** Runs every ready fiber until it waits, or until the run stopped. */
  drain(): void {
    while (this.ready.length > 0 && !this.stopped()) {
      const fiber = this.ready.shift()!;
      if (!fiber.scope.cancellation.cancelled) this.advance(fiber);
    }
  }

  /** Runs `op` at `position` of `scope`, answering `done`; for a descriptor contained in another. */
  dispatch(op: Op<unknown>, scope: Scope, position: number, done: Done): void {
    const refused = this.refusal(op);
    if (refused !== undefined) done(THROW, refused);
    else runnerFor(op)(op, scope, position, this.host, done);
  }

  private resume(fiber: Fiber, mode: Resumption, value: unknown): void {
    if (fiber.scope.cancellation.cancelled) return;
    fiber.mode = mode;
    fiber.value = value;
    this.ready.push(fiber);
    this.woken();
  }

  private advance(fiber: Fiber): void {
    const generator = fiber.generator;
    let mode = fiber.mode;
    let value = fiber.value;
    for (;;) {
      let next: IteratorResult<unknown, unknown>;
      this.built.start(fiber.scope);
      try {
        next = mode === THROW ? generator.throw(value) : generator.next(value);
      } catch (error) {
        this.built.stop();
        fiber.onEnd(THROW, error);
        return;
      }
      this.built.stop(next.value);
      if (next.done) {
        fiber.onEnd(NEXT, next.value);
        return;
      }
      fiber.answered = false;
      fiber.dispatching = true;
      this.run(next.value, fiber);
      fiber.dispatching = false;
      if (!fiber.answered || this.stopped()) return;
      mode = fiber.mode;
      value = fiber.value;
    }
  }

  private run(yielded: unknown, fiber: Fiber): void {
    if (!isOp(yielded)) {
      fiber.answer(THROW, new DurableUsageError(`a workflow yielded ${describe(yielded)}, which is not an operation: yield the result of step(), wait(), child() and the like (use yield* to get typed results)`));
      return;
    }
    const refused = this.refusal(yielded);
    if (refused !== undefined) fiber.answer(THROW, refused);
    else runnerFor(yielded)(yielded, fiber.scope, positionFor(yielded, fiber.scope), this.host, fiber.answer);
  }

  /** A descriptor yielded a second time would run a second operation under the same name: refused. */
  private refusal(op: Op<unknown>): Error | undefined {
    // Undefined for a descriptor made by another copy of the library that predates the slot (a module the CLI loads
    // may bring its own copy).
    const yielded = op.yieldedIn as Op<unknown>["yieldedIn"] | undefined;
    if (yielded === undefined || op.kind === "callbackResult") return undefined;
    if (yielded.run === this.owner) {
      const what = op.name === undefined ? `an unnamed ${op.kind} descriptor` : `the ${op.kind} descriptor "${op.name}"`;
      return new DurableUsageError(`${what} was yielded a second time; a descriptor stands for one operation: call ${op.kind}() again for another (yielding a callback's result twice is fine)`);
    }
    yielded.run = this.owner;
    return undefined;
  }
}
