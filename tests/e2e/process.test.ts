import { test } from "uvu";
import * as assert from "uvu/assert";
import { SkippingClock } from "../../lib/local/clock";
import { httpService } from "../support/harness";

test("a handler in a process of its own that is killed mid-step: InvocationCompleted with Runtime.ExitError, re-invoked, the at-most-once step found STARTED is an interrupted attempt", async () => {
  const local = await httpService({ clock: new SkippingClock() });
  try {
    local.service.register("crashing", { kind: "process", module: "tests/e2e/fixtures/crashing.ts", durable: true });
    const execution = local.service.start("crashing", undefined);
    const done = await local.service.result(execution.executionArn);
    assert.is(done.status, "SUCCEEDED", JSON.stringify(done.error));
    assert.is(done.result, '"charged on attempt 2"');
    const events = done.history.events;
    assert.equal(events.map((event) => event.EventType), [
      "ExecutionStarted", "StepStarted", "InvocationCompleted", "StepFailed", "InvocationCompleted", "StepStarted", "StepSucceeded", "InvocationCompleted", "ExecutionSucceeded",
    ]);
    const crash = events[2]!.InvocationCompletedDetails as { Error: { Payload: { ErrorType: string; ErrorMessage: string } } };
    assert.is(crash.Error.Payload.ErrorType, "Runtime.ExitError");
    assert.match(crash.Error.Payload.ErrorMessage, /exited on SIGKILL before answering/);
    const interrupted = events[3]!.StepFailedDetails as { Error: { Payload: { ErrorType: string } }; RetryDetails: { CurrentAttempt: number } };
    assert.is(interrupted.Error.Payload.ErrorType, "StepInterruptedError");
    assert.is(interrupted.RetryDetails.CurrentAttempt, 1);
  } finally {
    await local.close();
  }
});

test.run();
