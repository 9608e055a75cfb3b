import { child } from "./child";
import type { Checked } from "./json-safe";
import type { NestedMeta } from "./op-meta";
import { DurableUsageError } from "./errors";
import { HELD, isOp, type Op, type OpGenerator } from "./op";
import { checkName, where } from "./validation";

/**
 * An undo: an operation (usually a step) or a generator of operations, run if a later part of the saga fails.
 * @example
 * scope.compensate(function* () { yield* step("release", () => release(hold)); yield* step("notify", () => notify(user)); });
 */
export type Compensation = Op<unknown> | (() => OpGenerator<unknown>);

/**
 * What a saga's body gets: where to register the undo of each step that succeeded.
 * @example
 * scope.compensate(step("refund", () => refund(charge.id)));
 */
export interface SagaScope {
  /** Registers an undo for what just succeeded; undos run in reverse order of registration. */
  compensate(undo: Compensation): void;
}

/**
 * Thrown by a saga whose compensations did not all succeed: `cause` is the failure that started the rollback,
 * `compensationErrors` what the failing undos threw (the other undos still ran).
 * @example
 * try { yield* saga("trip", book); } catch (error) { if (error instanceof ChildFailedError) notify(error.message); }
 */
export class CompensationFailedError extends Error {
  constructor(override readonly cause: unknown, readonly compensationErrors: readonly unknown[]) {
    super(`${messageOf(cause)}; then ${compensationErrors.length} compensation(s) failed: ${compensationErrors.map(messageOf).join("; ")}`);
    this.name = "CompensationFailedError";
  }
}

/**
 * Runs `body` in a child context; when it throws, runs the registered compensations in reverse order, in the same
 * context, then rethrows (the saga's context fails, and the workflow sees a ChildFailedError it can catch).
 * Registration is plain code, so a replay registers the same undos again without running anything.
 * @example
 * yield* saga("trip", function* (scope) {
 *   const flight = yield* step("book-flight", () => bookFlight(trip));
 *   scope.compensate(step("cancel-flight", () => cancelFlight(flight.id)));
 *   yield* step("book-hotel", () => bookHotel(trip));
 * });
 */
export function saga<T, Y extends Op<unknown> = Op<unknown>>(
  name: string,
  body: ((scope: SagaScope) => Generator<Y, T, unknown>) & ((scope: SagaScope) => Generator<Y, Checked<T>, unknown>),
): Op<T, NestedMeta<Y>> {
  checkName("saga", name);
  if (typeof body !== "function") throw new DurableUsageError(`${where("saga", name)} needs its body to be a generator function`);
  // The signature checked T, and its meta is the body's; child() cannot see either through the generics.
  return child<T>(name, function* (): OpGenerator<T> {
    const undos: Compensation[] = [];
    const scope: SagaScope = {
      compensate(undo) {
        if (!isOp(undo) && typeof undo !== "function") {
          throw new DurableUsageError(`${where("saga", name)} compensate() takes an operation or a generator function`);
        }
        if (isOp(undo)) HELD.add(undo);
        undos.push(undo);
      },
    };
    try {
      return yield* body(scope);
    } catch (error) {
      if (error instanceof DurableUsageError) throw error;
      const failures: unknown[] = [];
      for (const undo of undos.reverse()) {
        try {
          if (isOp(undo)) yield undo;
          else yield* undo();
        } catch (failure) {
          failures.push(failure);
        }
      }
      throw failures.length === 0 ? error : new CompensationFailedError(error, failures);
    }
  } as never) as Op<T, NestedMeta<Y>>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
