import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { child, map, retry, step, wait, waitForCallback, workflow, type OpGenerator, type Workflow } from "../../../dsl/index";
import { HistorySnapshot, invocationOutput, runWorkflow, type DurablePort } from "../../../interpreter/index";
import { parseInvocationEvent } from "../../../lib/event";
import { SkippingClock } from "../../../lib/local/clock";
import type { LocalExecution } from "../../../lib/local/execution";
import { LocalService } from "../../../lib/local/service";
import { mutation, recordedHistory, runMalformed } from "../../reliability/malformed";

// ---- random workflow shapes x random completion orders x random crash points ----------------------------------

type Node =
  | { kind: "step"; fails: number; semantics: "at-least-once" | "at-most-once"; delay: number }
  | { kind: "wait"; seconds: number }
  | { kind: "callback"; after: number }
  | { kind: "child"; body: Node[] }
  | { kind: "map"; items: number; concurrency: number; body: Node[] };

const leaf: fc.Arbitrary<Node> = fc.oneof(
  fc.record({ kind: fc.constant("step" as const), fails: fc.integer({ min: 0, max: 2 }), semantics: fc.constantFrom("at-least-once" as const, "at-most-once" as const), delay: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 90 }) }),
  fc.record({ kind: fc.constant("callback" as const), after: fc.integer({ min: 0, max: 120 }) }),
);
const nodes: fc.Arbitrary<Node[]> = fc.letrec<{ list: Node[]; node: Node }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant("child" as const), body: tie("list") }),
    fc.record({ kind: fc.constant("map" as const), items: fc.integer({ min: 0, max: 3 }), concurrency: fc.integer({ min: 1, max: 3 }), body: tie("list") }),
  ),
  list: fc.array(tie("node"), { minLength: 1, maxLength: 3 }),
})).list;

/** The workflow of a shape: its result names every operation's outcome, so any divergence shows in the result. */
function workflowOf(shape: Node[]): Workflow<undefined, unknown> {
  const run = function* (list: Node[], prefix: string): OpGenerator<unknown[]> {
    const results: unknown[] = [];
    for (const [index, node] of list.entries()) {
      const name = `${prefix}${index}`;
      switch (node.kind) {
        case "step":
          results.push(yield* step(name, async (s) => {
            await new Promise((resolve) => setTimeout(resolve, node.delay));
            if (s.attempt <= node.fails) throw new Error(`${name} fails attempt ${s.attempt}`);
            return `${name} ok`;
          }, { semantics: node.semantics, retry: retry({ maxAttempts: 20, initialDelay: 1, jitter: "none" }) }));
          break;
        case "wait":
          yield* wait(name, node.seconds);
          results.push(`${name} waited`);
          break;
        case "callback":
          results.push(yield* waitForCallback<string>(`${name} after ${node.after}`, () => {}, { timeout: { hours: 1 } }));
          break;
        case "child":
          results.push(yield* child(name, () => run(node.body, `${name}.`)));
          break;
        case "map": {
          const batch = yield* map(name, Array.from({ length: node.items }, (_, i) => i), (i) => run(node.body, `${name}.${i}.`), { maxConcurrency: node.concurrency });
          results.push(batch.all.map((item) => item.status === "SUCCEEDED" ? item.result : item.status));
          break;
        }
      }
    }
    return results;
  };
  return workflow("shape", () => run(shape, "n"));
}

interface Crash {
  readonly at: number;
  readonly applied: boolean;
}

/**
 * Runs a shape on the local service (skipped time; callbacks answered after their `after` seconds), with the
 * invocation crashing at the given checkpoint calls: before the service applied the call, or after (the answer lost).
 */
async function runShape(shape: Node[], crashes: readonly Crash[]): Promise<LocalExecution> {
  const service = new LocalService({ clock: new SkippingClock(0), maxCrashes: 100 });
  const wf = workflowOf(shape);
  let calls = 0;
  service.register("shape", {
    kind: "handler",
    durable: true,
    handler: async (event) => {
      const invocation = parseInvocationEvent(event);
      const arn = invocation.DurableExecutionArn;
      const port: DurablePort = {
        checkpoint: async (token, updates) => {
          const crash = crashes.find((candidate) => candidate.at === calls);
          calls++;
          if (crash !== undefined && !crash.applied) throw new Error("crashed before the call reached the service");
          const response = service.checkpoint(arn, token, updates);
          if (crash !== undefined) throw new Error("crashed before the answer arrived");
          return response;
        },
        getState: async (token, marker) => service.get(arn).page(token, marker, 1000),
      };
      const { outcome } = await runWorkflow(wf, undefined, { executionArn: arn, checkpointToken: invocation.CheckpointToken, snapshot: HistorySnapshot.of(invocation.InitialExecutionState.Operations ?? []), port, log: () => {} });
      return invocationOutput(outcome);
    },
  });
  // A callback's name says when it is answered (in seconds after it started).
  service.onEvent((execution, event) => {
    if (event.EventType !== "CallbackStarted") return;
    const callbackId = (event.CallbackStartedDetails as { CallbackId: string }).CallbackId;
    const name = execution.get(event.ParentId ?? "")?.Name ?? "";
    const after = Number(/ after (\d+)/.exec(name)?.[1] ?? 0);
    service.clock.schedule(service.clock.now() + after * 1000, () => service.succeedCallback(callbackId, JSON.stringify(`${name} answered`)));
  });
  return service.result(service.start("shape", undefined, "shape").executionArn);
}

const summary = (execution: LocalExecution) => ({
  status: execution.status,
  result: execution.result,
  operations: execution.all().filter((operation) => operation.Type !== "EXECUTION").map((operation) => `${operation.Id} ${operation.Type} ${operation.Name} ${operation.Status} ${operation.StepDetails?.Result ?? operation.ContextDetails?.Result ?? operation.CallbackDetails?.Result ?? ""}`).sort(),
});

test("random shapes x random completion orders x random crash points: the same result and operations as the crash-free run, and the final history replays without running anything", async () => {
  const crashes = fc.array(fc.record({ at: fc.integer({ min: 0, max: 25 }), applied: fc.boolean() }), { maxLength: 4 });
  await fc.assert(fc.asyncProperty(nodes, crashes, async (shape, crashPoints) => {
    const reference = await runShape(shape, []);
    assert.is(reference.status, "SUCCEEDED", JSON.stringify(reference.error));
    const crashed = await runShape(shape, crashPoints);
    assert.equal(summary(crashed), summary(reference));
    const replay = await runWorkflow(workflowOf(shape), undefined, {
      executionArn: crashed.executionArn,
      checkpointToken: "unused",
      snapshot: HistorySnapshot.of(crashed.all()),
      port: { checkpoint: async () => { throw new Error("a replay of a complete history checkpoints nothing"); }, getState: async () => ({ Operations: [] }) },
      log: () => {},
    });
    assert.equal(invocationOutput(replay.outcome), { Status: "SUCCEEDED", Result: crashed.result });
  }), { seed: 20261123, numRuns: 40 });
});

test("random and malformed histories: the interpreter returns an outcome or throws InvalidEventError / InvocationError, never anything else, and never hangs", async () => {
  const history = await recordedHistory();
  const seen = { outcome: 0, rejected: 0 };
  await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (mutations) => {
    const verdict = await runMalformed(history, mutations);
    if (verdict.kind === "undocumented" || verdict.kind === "hung") {
      const error = verdict.error as Error | undefined;
      throw new Error(`${verdict.kind}: ${error?.name}: ${error?.message} on mutations ${JSON.stringify(mutations)}`, { cause: error });
    }
    seen[verdict.kind]++;
  }), { seed: 8, numRuns: 400 });
  assert.ok(seen.outcome > 0 && seen.rejected > 0, `both kinds happen: ${JSON.stringify(seen)}`);
});

test.run();
