import { test } from "uvu";
import * as assert from "uvu/assert";
import { ConditionFailedError, waitForCondition, waitStrategy, workflow } from "../../../../dsl/index";
import { invoke, newMemoryExecution, sent, shape } from "../../../support/harness";

test("waitForCondition: each poll is START then RETRY carrying the state; the last one SUCCEEDs with it", async () => {
  const seen: [number, number][] = [];
  const wf = workflow("poll", function* () {
    return yield* waitForCondition("poll", async (state: number, ctx) => { seen.push([state, ctx.attempt]); return state + 1; },
      { initialState: 0, wait: waitStrategy<number>({ until: (s) => s >= 2, initialDelay: 3, jitter: "none" }) });
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  assert.equal(sent(execution).map(shape), [
    { Type: "STEP", SubType: "WaitForCondition", Name: "poll", Action: "START" },
    { Type: "STEP", SubType: "WaitForCondition", Name: "poll", Action: "RETRY", Payload: "1", StepOptions: { NextAttemptDelaySeconds: 3 } },
  ]);
  execution.passRetryDelays();
  const done = await invoke(wf, execution);
  assert.equal(done.outcome, { status: "SUCCEEDED", result: "2" });
  assert.equal(seen, [[0, 1], [1, 2]], "the second poll starts from the recorded state");
  assert.equal(shape(sent(execution).at(-1)!), { Type: "STEP", SubType: "WaitForCondition", Name: "poll", Action: "SUCCEED", Payload: "2" });
  assert.equal((await invoke(wf, execution)).outcome, done.outcome);
  assert.is(seen.length, 2);
});

test("waitForCondition: maxAttempts without the condition fails with ConditionFailedError; a throwing check is not retried", async () => {
  const wf = workflow("poll-fail", function* () {
    const messages: string[] = [];
    try {
      yield* waitForCondition("never", (s: number) => s, { initialState: 0, wait: waitStrategy<number>({ until: () => false, maxAttempts: 1 }) });
    } catch (error) {
      messages.push(`${(error as Error).name}: ${(error as Error).message}`);
    }
    try {
      yield* waitForCondition("throws", () => { throw new Error("api down"); }, { initialState: 0, wait: waitStrategy<number>({ until: () => true }) });
    } catch (error) {
      messages.push(`${error instanceof ConditionFailedError}: ${(error as Error).message}`);
    }
    return messages;
  });
  const run = await invoke(wf, newMemoryExecution());
  assert.equal(run.outcome, { status: "SUCCEEDED", result: JSON.stringify(["ConditionFailedError: the condition was still not met after 1 checks", "true: api down"]) });
});

test.run();
