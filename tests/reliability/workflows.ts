import { child, createCallback, map, parallel, retry, step, wait, waitForCallback, workflow, type Workflow, type WorkflowContext } from "../../lib/index";

/** How often each step function ran, by execution, operation and attempt: the at-most-once check reads it. */
export class StepRuns {
  readonly counts = new Map<string, number>();
  readonly atMostOnce = new Set<string>();

  record(executionArn: string, operationId: string, attempt: number, atMostOnce: boolean): void {
    const key = `${executionArn} ${operationId} attempt ${attempt}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (atMostOnce) this.atMostOnce.add(key);
  }

  /** At-most-once attempts that ran more than once. */
  repeatedAtMostOnce(): string[] {
    return [...this.atMostOnce].filter((key) => this.counts.get(key)! > 1);
  }
}

type Input = { id: string; n: number };

/**
 * The soak's mix of sample workflows: steps with retries (deterministic failures on the first attempts), an
 * at-most-once charge, waits, callbacks answered from outside, a map, a parallel and a child context. Their results
 * depend only on their input, so a run under faults must end exactly as a fault-free one.
 */
export function soakWorkflows(runs: StepRuns): Record<string, Workflow<Input, unknown>> {
  const recorder = (ctx: WorkflowContext) => (operationId: string, attempt: number, atMostOnce = false) => runs.record(ctx.executionArn, operationId, attempt, atMostOnce);
  return {
    retries: workflow("retries", function* (input: Input, ctx) {
      const ran = recorder(ctx);
      const flaky = yield* step("flaky", (s) => {
        ran(s.operationId, s.attempt);
        if (s.attempt < 3) throw new Error(`transient failure on attempt ${s.attempt}`);
        return `${input.id} ok after ${s.attempt}`;
      }, { retry: retry({ maxAttempts: 5, initialDelay: 1, jitter: "none" }) });
      const charge = yield* step("charge", (s) => {
        ran(s.operationId, s.attempt, true);
        return { charged: input.n * 10 };
      }, { semantics: "at-most-once", retry: retry({ maxAttempts: 20, initialDelay: 1, jitter: "none" }) });
      yield* wait("settle", { minutes: 5 });
      let doomed = "not failed";
      try {
        yield* child("doomed", function* () {
          return yield* step("never", (s) => {
            ran(s.operationId, s.attempt);
            throw new Error(`permanent failure ${input.id}`);
          }, { retry: retry({ maxAttempts: 2, initialDelay: 1, jitter: "none" }) });
        });
      } catch (error) {
        doomed = `${(error as Error).name}: ${(error as Error).message}`;
      }
      return { flaky, charge, doomed };
    }),
    callbacks: workflow("callbacks", function* (input: Input, ctx) {
      const ran = recorder(ctx);
      const approval = yield* waitForCallback<{ approved: boolean }>("approval", (callbackId, s) => {
        ran(s.operationId, s.attempt);
        if (callbackId === "") throw new Error("no callback id");
      }, { timeout: { hours: 1 } });
      const handle = yield* createCallback<string>("receipt", { timeout: { hours: 1 } });
      const receipt = yield* handle.result;
      yield* wait("pause", 30);
      return { id: input.id, approved: approval.approved, receipt };
    }),
    fanout: workflow("fanout", function* (input: Input, ctx) {
      const ran = recorder(ctx);
      const items = Array.from({ length: 4 + (input.n % 3) }, (_, i) => i);
      const shipped = yield* map("ship", items, function* (item) {
        const packed = yield* step("pack", (s) => {
          ran(s.operationId, s.attempt);
          return item * input.n;
        });
        if (item % 2 === 0) yield* wait("cool", 10 + item);
        return yield* step("label", (s) => {
          ran(s.operationId, s.attempt, true);
          return `${input.id}-${packed}`;
        }, { semantics: "at-most-once", retry: retry({ maxAttempts: 20, initialDelay: 1, jitter: "none" }) });
      }, { maxConcurrency: 3 });
      const branches = yield* parallel("notify", [
        function* () { return yield* step("email", (s) => { ran(s.operationId, s.attempt); return "emailed"; }); },
        function* () { yield* wait("delay", 20); return "delayed"; },
      ]);
      return { shipped: shipped.getResults(), branches: branches.getResults() };
    }),
    nested: workflow("nested", function* (input: Input, ctx) {
      const ran = recorder(ctx);
      const total = yield* child("sum", function* () {
        let sum = 0;
        for (let i = 0; i < 5; i++) sum += yield* step(`add-${i}`, (s) => { ran(s.operationId, s.attempt); return i + input.n; });
        return sum;
      });
      yield* wait("breathe", { hours: 2 });
      const doubled = yield* step("double", (s) => { ran(s.operationId, s.attempt); return total * 2; });
      return { total, doubled };
    }),
  };
}
