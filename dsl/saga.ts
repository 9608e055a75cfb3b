import { child } from "./child";
import { DurableUsageError } from "./errors";
import { HELD, isOp, type Op, type OpGenerator } from "./op";
import { checkName, where } from "./names";

/** An undo: an operation (usually a step) or a generator of operations, run if a later part of the saga fails. */
export type Compensation = Op<unknown> | (() => OpGenerator<unknown>);

export interface SagaScope {
  /** Registers an undo for what just succeeded; undos run in reverse order of registration. */
  compensate(undo: Compensation): void;
}

/**
 * Thrown by a saga whose compensations did not all succeed: `cause` is the failure that started the rollback,
 * `compensationErrors` what the failing undos threw (the other undos still ran).
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
 */
export function saga<T>(name: string, body: (scope: SagaScope) => OpGenerator<T>): Op<T> {
  checkName("saga", name);
  if (typeof body !== "function") throw new DurableUsageError(`${where("saga", name)} needs its body to be a generator function`);
  return child(name, function* () {
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
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
