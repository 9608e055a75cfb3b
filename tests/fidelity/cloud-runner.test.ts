// The official testing library's CloudDurableTestRunner, with a real LambdaClient pointed at `durable serve`,
// runs official-SDK handlers unchanged, as it runs them against AWS.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { GetDurableExecutionHistoryCommand, InvokeCommand, ListDurableExecutionsByFunctionCommand, type Event } from "@aws-sdk/client-lambda";
import { InvocationType, WaitingOperationStatus } from "@aws/durable-execution-sdk-js-testing";
import { serveOfficialHandlers, type Served } from "./serve";

const cloud = suite<{ served: Served }>("CloudDurableTestRunner on durable serve", { served: undefined as never });

cloud.before(async (context) => {
  context.served = await serveOfficialHandlers();
});

cloud.after(async ({ served }) => {
  await served.stop();
});

const details = (event: Event | undefined, key: string): Record<string, unknown> => (event as unknown as Record<string, Record<string, unknown>>)[key] ?? {};

cloud("every event but InvocationCompleted carries an Id; the execution's own events carry the EXECUTION operation's", async ({ served }) => {
  const result = await served.runner("hello").run({ payload: { name: "Ada" } });
  assert.is(result.getStatus(), "SUCCEEDED");
  assert.is(result.getResult(), "Hello, Ada");
  const events = result.getHistoryEvents();
  for (const event of events) if (event.EventType !== "InvocationCompleted") assert.type(event.Id, "string", `${event.EventType} has an Id`);
  const started = events.find((event) => event.EventType === "ExecutionStarted")!;
  assert.is(events.find((event) => event.EventType === "ExecutionSucceeded")!.Id, started.Id);
  assert.is(result.getOperations().length, 1, "the EXECUTION operation is not one of the workflow's operations");
});

cloud("function names bare, qualified ($LATEST, a version, an alias), as full and partial ARNs", async ({ served }) => {
  const names = [
    "hello", "hello:$LATEST", "hello:3", "hello:live",
    "arn:aws:lambda:us-east-1:000000000000:function:hello", "arn:aws:lambda:us-east-1:000000000000:function:hello:$LATEST",
    "000000000000:function:hello", "000000000000:function:hello:$LATEST",
  ];
  for (const name of names) {
    const result = await served.runner(name).run({ payload: { name } });
    assert.is(result.getStatus(), "SUCCEEDED", name);
    assert.is(result.getResult(), `Hello, ${name}`, name);
  }
  const executed = await served.lambda.send(new InvokeCommand({ FunctionName: "hello:3", Payload: Buffer.from("{}") }));
  assert.is(executed.ExecutedVersion, "3");
  const listed = await served.lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "arn:aws:lambda:us-east-1:000000000000:function:hello:$LATEST" }));
  assert.ok(listed.DurableExecutions!.some((execution) => execution.DurableExecutionArn === executed.DurableExecutionArn), "listed under its qualified ARN");
  const missing = await served.runner("nothing-here:$LATEST").run().then(() => undefined, (error: Error) => error);
  assert.is(missing?.name, "ResourceNotFoundException");
  assert.is(missing?.message, "Function not found: nothing-here:$LATEST");
});

cloud("steps with retries: the attempts, the retry events and three invocations, as on AWS", async ({ served }) => {
  const runner = served.runner("steps:$LATEST");
  const result = await runner.run({ payload: { name: "Ada" } });
  assert.is(result.getStatus(), "SUCCEEDED");
  assert.equal(result.getResult(), { greeting: "Hello, Ada", flaky: 3 });
  // The runner reads a step's attempt from its StepFailed events only: the last failed one.
  assert.is(runner.getOperation("flaky").getStepDetails()!.attempt, 2);
  const flaky = result.getHistoryEvents().filter((event) => event.Name === "flaky" && event.EventType !== "StepStarted");
  assert.equal(flaky.map((event) => [event.EventType, (event.StepFailedDetails ?? event.StepSucceededDetails)!.RetryDetails]), [
    ["StepFailed", { CurrentAttempt: 1, NextAttemptDelaySeconds: 1 }],
    ["StepFailed", { CurrentAttempt: 2, NextAttemptDelaySeconds: 1 }],
    ["StepSucceeded", { CurrentAttempt: 3 }],
  ]);
  assert.is(result.getInvocations().length, 3);
});

cloud("a retry timer that fires while an invocation runs, and is picked up by it, makes no invocation of its own", async ({ served }) => {
  const result = await served.runner("parallel-retries").run();
  assert.equal(result.getResult(), ["a", "b"]);
  // 1: both attempts fail; 2: a's timer, b's timer fires meanwhile and b runs again in it; 3: the wait. AWS: 3 too.
  assert.is(result.getInvocations().length, 3);
  assert.equal(result.getInvocations().map((invocation) => invocation.error), [undefined, undefined, undefined]);
});

cloud("a step that keeps failing fails the execution with its error", async ({ served }) => {
  const result = await served.runner("step-fails").run();
  assert.is(result.getStatus(), "FAILED");
  assert.match(result.getError().errorMessage ?? "", /never works/);
  assert.is(result.getHistoryEvents().at(-1)!.EventType, "ExecutionFailed");
});

cloud("waits: their durations and one invocation per wait", async ({ served }) => {
  const runner = served.runner("waits");
  const result = await runner.run();
  assert.is(result.getResult(), "awake");
  assert.is(runner.getOperation("pause").getWaitDetails()!.waitSeconds, 1);
  assert.is(runner.getOperation("again").getWaitDetails()!.waitSeconds, 1);
  assert.is(result.getInvocations().length, 3);
});

cloud("a callback answered by the runner with success, then one answered with a failure", async ({ served }) => {
  const runner = served.runner("callback", InvocationType.Event);
  const approval = runner.getOperation("approval");
  const running = runner.run();
  await approval.waitForData(WaitingOperationStatus.STARTED);
  await approval.sendCallbackSuccess("yes");
  const result = await running;
  assert.equal(result.getResult(), { approved: "yes" });
  assert.is(approval.getCallbackDetails()!.result, "yes");

  const refusing = served.runner("callback", InvocationType.Event);
  const refusal = refusing.getOperation("approval");
  const refused = refusing.run();
  await refusal.waitForData(WaitingOperationStatus.STARTED);
  await refusal.sendCallbackFailure({ ErrorType: "Refused", ErrorMessage: "not today" });
  assert.equal((await refused).getResult(), { refused: "not today" });
  assert.is(refusal.getCallbackDetails()!.error!.errorType, "Refused");
});

cloud("heartbeats keep a callback open past its heartbeat timeout; then the runner answers it", async ({ served }) => {
  const runner = served.runner("heartbeat", InvocationType.Event);
  const job = runner.getOperation("job");
  const running = runner.run();
  await job.waitForData(WaitingOperationStatus.STARTED);
  for (let beat = 0; beat < 3; beat++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await job.sendCallbackHeartbeat();
  }
  await job.sendCallbackSuccess("done");
  const result = await running;
  assert.is(result.getStatus(), "SUCCEEDED");
  assert.is(result.getResult(), "done");
});

cloud("callbacks nobody answers time out, with the official emulator's texts and AWS's error types", async ({ served }) => {
  const result = await served.runner("callback-timeouts").run();
  assert.equal(result.getResult(), ["Callback timed out", "Callback timed out on heartbeat"]);
  const timedOut = result.getHistoryEvents().filter((event) => event.EventType === "CallbackTimedOut");
  assert.equal(timedOut.map((event) => event.CallbackTimedOutDetails!.Error!.Payload), [
    { ErrorType: "Callback.Timeout", ErrorMessage: "Callback timed out" },
    { ErrorType: "Callback.Heartbeat", ErrorMessage: "Callback timed out on heartbeat" },
  ]);
});

cloud("waitForCallback: the runner answers the callback once the submitter has run", async ({ served }) => {
  const runner = served.runner("wait-for-callback", InvocationType.Event);
  const ask = runner.getOperation("ask");
  const running = runner.run();
  await ask.waitForData(WaitingOperationStatus.SUBMITTED);
  await ask.sendCallbackSuccess("ok");
  const result = await running;
  assert.is(result.getResult(), "answered: ok");
  assert.is(ask.getSubType(), "WaitForCallback");
});

cloud("map and parallel with completion policies", async ({ served }) => {
  const runner = served.runner("batches");
  const result = await runner.run();
  assert.equal(result.getResult(), {
    squares: { reason: "MIN_SUCCESSFUL_REACHED", results: [4, 9] },
    branches: { reason: "ALL_COMPLETED", failures: 1, results: ["L", "M"] },
  });
  assert.is(runner.getOperation("squares").getSubType(), "Map");
  assert.is(runner.getOperation("branches").getSubType(), "Parallel");
  assert.is(runner.getOperation("left").getSubType(), "ParallelBranch");
});

cloud("child contexts, nested", async ({ served }) => {
  const runner = served.runner("children");
  const result = await runner.run();
  assert.is(result.getResult(), 3);
  const outer = runner.getOperation("outer");
  assert.is(outer.getContextDetails()!.result, 3);
  assert.equal(outer.getChildOperations()!.map((operation) => operation.getName()), ["first", "inner"]);
  assert.is(runner.getOperation("second").getParentId(), runner.getOperation("inner").getId());
});

cloud("chained invokes of a durable and a plain function (with and without payload), by every form of name", async ({ served }) => {
  for (const name of ["invoke-qualified", "invoke-version-alias", "invoke-arns", "invoke-partial-arns"]) {
    const result = await served.runner(name).run();
    assert.is(result.getStatus(), "SUCCEEDED", `${name}: ${JSON.stringify(result.getStatus() === "FAILED" ? result.getError() : "")}`);
    assert.equal(result.getResult(), { durable: "Hello, Ada", withPayload: { received: { value: 3 } }, withoutPayload: { received: {} } }, name);
    const started = result.getHistoryEvents().filter((event) => event.EventType === "ChainedInvokeStarted");
    assert.is(started[0]!.ChainedInvokeStartedDetails!.TenantId, "tenant-7");
    assert.is(started[1]!.ChainedInvokeStartedDetails!.TenantId, undefined);
    const expected = name === "invoke-version-alias" ? ["7", "$LATEST", "$LATEST"] : ["$LATEST", "$LATEST", "$LATEST"];
    assert.equal(started.map((event) => event.ChainedInvokeStartedDetails!.ExecutedVersion), expected, name);
  }
});

cloud("Invoke without a payload: a plain function receives {}, a durable execution records {} as its input", async ({ served }) => {
  const plain = await served.lambda.send(new InvokeCommand({ FunctionName: "echo:$LATEST" }));
  assert.equal(JSON.parse(Buffer.from(plain.Payload!).toString()), { received: {} });
  const durable = await served.lambda.send(new InvokeCommand({ FunctionName: "hello", InvocationType: "Event" }));
  const history = await served.lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: durable.DurableExecutionArn!, IncludeExecutionData: true }));
  assert.equal(details(history.Events![0], "ExecutionStartedDetails").Input, { Payload: "{}", Truncated: false });
});

cloud("the official logger: each line once, none again on replay", async ({ served }) => {
  const before = served.output().length;
  const result = await served.runner("logging").run();
  assert.is(result.getResult(), "logged");
  assert.is(result.getInvocations().length, 2);
  const lines = served.output().slice(before);
  for (const message of ["before the wait", "inside the step", "after the wait"]) {
    assert.is(lines.split(message).length - 1, 1, `"${message}" logged once:\n${lines}`);
  }
});

cloud.run();
