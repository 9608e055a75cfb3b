import { BUILD_WATCH, HELD, isOp, type Op } from "../dsl/op";
import type { Scope } from "./scope";

/**
 * The descriptors workflow code builds during an invocation, with where: the context and the last position taken
 * in it. A descriptor never yielded never ran, and nothing else would say so. No stack trace: capturing one
 * costs microseconds per descriptor on the replay path; the report names the context and position, and the lint
 * rule no-unyielded-operation names the line.
 */
export class BuiltDescriptors {
  private readonly ops: Op<unknown>[] = [];
  private readonly scopes: Scope[] = [];
  private readonly positions: number[] = [];
  private scope: Scope | undefined;
  /**
   * The descriptor built last in this resumption, not recorded yet: nearly every one is yielded at once (`yield*
   * step(...)`) and never needs recording. Pushing each and popping it again cost 3.3 ms of a 21 ms first replay of
   * 3,000 steps (the arrays' store shrinks and grows again; `npm run bench`, "first replay", Node 22 profile).
   */
  private last: Op<unknown> | undefined;
  private lastPosition = 0;
  private readonly record = (op: Op<unknown>): void => {
    if (this.last !== undefined) this.keepLast();
    this.last = op;
    this.lastPosition = this.scope!.current;
  };

  /** Workflow code of `scope` runs until `stop`: what it builds is recorded. */
  start(scope: Scope): void {
    this.scope = scope;
    BUILD_WATCH.watcher = this.record;
  }

  /**
   * Workflow code stopped, having yielded `yielded`. The descriptor it built last and yielded at once is not
   * recorded, so a replay's record stays near empty; a combinator is, since a replay may not yield its
   * participants (the report needs it to know they were used).
   */
  stop(yielded?: unknown): void {
    BUILD_WATCH.watcher = undefined;
    const last = this.last;
    if (last === undefined) return;
    if (last === yielded && last.kind !== "combinator") this.last = undefined;
    else this.keepLast();
  }

  private keepLast(): void {
    this.ops.push(this.last!);
    this.scopes.push(this.scope!);
    this.positions.push(this.lastPosition);
    this.last = undefined;
  }

  /**
   * The named descriptors `run` never yielded, each with where it was built: not the unnamed parts of composites,
   * not those held on purpose, not those a yielded descriptor contains (a combinator's participants, which a replay
   * may not need), and for a descriptor inside one never yielded, only the outer one.
   */
  unyielded(run: object): string[] {
    const candidates: number[] = [];
    this.ops.forEach((op, index) => {
      if (op.name !== undefined && op.yieldedIn.run !== run && !HELD.has(op)) candidates.push(index);
    });
    if (candidates.length === 0) return [];
    const contained = new Set<Op<unknown>>();
    for (const op of this.ops) for (const value of Object.values(op)) for (const inner of Array.isArray(value) ? value : [value]) if (isOp(inner)) contained.add(inner);
    return candidates.filter((index) => !contained.has(this.ops[index]!)).map((index) => {
      const op = this.ops[index]!;
      const scope = this.scopes[index]!;
      const position = this.positions[index]!;
      const context = scope.path === "" ? "in the workflow body" : `in the context at operation ${scope.path}`;
      const after = position === 0 ? "before its first operation" : `after operation ${scope.pathAt(position)}`;
      return `${op.kind} "${op.name}" was built ${context}, ${after}, but never yielded, so it never ran: write \`yield* ${op.kind}(...)\` (a descriptor does nothing until the workflow yields it)`;
    });
  }
}
