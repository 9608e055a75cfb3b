import { test } from "uvu";
import * as assert from "uvu/assert";
import { step, wait, workflow } from "../../../../dsl/index";
import { hashPath } from "../../../../interpreter/ids";
import { counter, invoke, newMemoryExecution } from "../../../support/harness";

test("wait: START with the duration in seconds, then PENDING; after the timer the workflow goes on", async () => {
  const calls = counter();
  const wf = workflow("cool-off", function* () {
    yield* wait("cool-off", { minutes: 5, seconds: 3 });
    return yield* step("after", () => calls.tick());
  });
  const execution = newMemoryExecution();
  const first = await invoke(wf, execution);
  assert.equal(first.outcome, { status: "PENDING" });
  assert.equal(execution.checkpoints, [[{ Id: hashPath("1"), Type: "WAIT", SubType: "Wait", Name: "cool-off", Action: "START", WaitOptions: { WaitSeconds: 303 } }]]);
  const early = await invoke(wf, execution);
  assert.equal(early.outcome, { status: "PENDING" }, "a started wait is not started again");
  assert.is(execution.checkpoints.length, 1);
  execution.completeWait("cool-off");
  const done = await invoke(wf, execution);
  assert.equal(done.outcome, { status: "SUCCEEDED", result: "1" });
  assert.is(done.replayed, 1);
  assert.is(calls.count, 1);
});

test.run();
