import { test } from "uvu";
import * as assert from "uvu/assert";
import { throwsError } from "../../support/throws";
import {
  all, child, createCallback, DurableUsageError, map, race, retry, step, wait, waitForCallback, waitForCondition, waitStrategy, workflow, invoke as invokeOp,
} from "../../../dsl/index";
import { InvalidEventError, parseInvocationEvent } from "../../../lib/event";
import { SkippingClock } from "../../../lib/local/clock";
import { LocalService } from "../../../lib/local/service";
import type { OperationUpdate } from "../../../interpreter/wire";
import { invoke, newExecution } from "../../support/harness";

// What other suites already cover: events without DurableExecutionArn / with unknown Type or Status (handler.test),
// step results over 256 KB or that JSON cannot represent (step.test), workflow results over 6 MB (workflow.test),
// torn and corrupt journal lines (journal.test), bad durations, names and batch options (dsl-validation, batch.test).

const STEP = { Id: "a", Type: "STEP", Status: "SUCCEEDED" };
const eventWith = (operation: Record<string, unknown>) => ({ DurableExecutionArn: "arn:x", CheckpointToken: "t", InitialExecutionState: { Operations: [operation] } });

test("an event's operations are checked field by field: the error names the field and the value", () => {
  for (const [operation, message] of [
    [{ ...STEP, StepDetails: { Result: 42 } }, /Operations\[0\]\.StepDetails\.Result must be a string, got 42/],
    [{ ...STEP, StepDetails: { Attempt: -1 } }, /Operations\[0\]\.StepDetails\.Attempt must be a whole number >= 0, got -1/],
    [{ ...STEP, StepDetails: { Error: "boom" } }, /Operations\[0\]\.StepDetails\.Error must be an error object .*, got "boom"/],
    [{ ...STEP, StepDetails: { Error: { ErrorType: 7 } } }, /StepDetails\.Error must be an error object/],
    [{ ...STEP, StepDetails: { NextAttemptTimestamp: "soon" } }, /StepDetails\.NextAttemptTimestamp must be a timestamp .*, got "soon"/],
    [{ ...STEP, StepDetails: [] }, /Operations\[0\]\.StepDetails must be an object, got \[\]/],
    [{ ...STEP, ParentId: 5 }, /Operations\[0\]\.ParentId must be a string, got 5/],
    [{ ...STEP, Name: { n: 1 } }, /Operations\[0\]\.Name must be a string, got \{"n":1\}/],
    [{ ...STEP, StartTimestamp: "yesterday" }, /Operations\[0\]\.StartTimestamp must be a timestamp/],
    [{ Id: "c", Type: "CONTEXT", Status: "SUCCEEDED", ContextDetails: { ReplayChildren: "yes" } }, /ContextDetails\.ReplayChildren must be a boolean, got "yes"/],
    [{ Id: "c", Type: "CALLBACK", Status: "STARTED", CallbackDetails: { CallbackId: 12 } }, /CallbackDetails\.CallbackId must be a string, got 12/],
    [{ Id: "e", Type: "EXECUTION", Status: "STARTED", ExecutionDetails: { InputPayload: { id: 1 } } }, /ExecutionDetails\.InputPayload must be a string, got \{"id":1\}/],
    [{ Id: "", Type: "STEP", Status: "STARTED" }, /Operations\[0\]\.Id must be a non-empty string, got ""/],
    [[1, 2], /Operations\[0\] must be an operation object, got \[1,2\]/],
  ] as const) {
    assert.throws(() => parseInvocationEvent(eventWith(operation as Record<string, unknown>)), (error: Error) => error instanceof InvalidEventError && message.test(error.message), `${JSON.stringify(operation)} -> ${message}`);
  }
  const fine = parseInvocationEvent(eventWith({ ...STEP, StartTimestamp: 1_700_000_000, EndTimestamp: "2026-01-01T00:00:00Z", StepDetails: { Result: null, Attempt: 2, Error: { ErrorType: "E", ErrorMessage: "m", StackTrace: ["at x"] } } }));
  assert.is(fine.InitialExecutionState.Operations?.length, 1, "absent (null) fields, epoch and ISO timestamps are fine");
});

test("every field an event's operation may carry is checked, however the rest of the operation looks (the one-pass test never lets through what the field-by-field check refuses)", () => {
  const wrong = { string: 5, boolean: "yes", count: 1.5, timestamp: "soon", error: { ErrorMessage: 7 } } as const;
  const fields: [string | undefined, string, keyof typeof wrong][] = [
    [undefined, "ParentId", "string"], [undefined, "Name", "string"], [undefined, "SubType", "string"],
    [undefined, "StartTimestamp", "timestamp"], [undefined, "EndTimestamp", "timestamp"],
    ["ExecutionDetails", "InputPayload", "string"],
    ["ContextDetails", "ReplayChildren", "boolean"], ["ContextDetails", "Result", "string"], ["ContextDetails", "Error", "error"],
    ["StepDetails", "Attempt", "count"], ["StepDetails", "NextAttemptTimestamp", "timestamp"], ["StepDetails", "Result", "string"], ["StepDetails", "Error", "error"],
    ["WaitDetails", "ScheduledEndTimestamp", "timestamp"],
    ["CallbackDetails", "CallbackId", "string"], ["CallbackDetails", "Result", "string"], ["CallbackDetails", "Error", "error"],
    ["ChainedInvokeDetails", "Result", "string"], ["ChainedInvokeDetails", "Error", "error"],
  ];
  const wellFormed = { ...STEP, Name: "n", StartTimestamp: "2026-01-01T00:00:00.000Z", StepDetails: { Attempt: 1, Result: "1" } };
  for (const [details, field, kind] of fields) {
    const operation: Record<string, unknown> = { ...wellFormed, StepDetails: { ...wellFormed.StepDetails } };
    if (details === undefined) operation[field] = wrong[kind];
    else operation[details] = { ...(operation[details] as object | undefined), [field]: wrong[kind] };
    const path = details === undefined ? field : `${details}.${field}`;
    assert.throws(() => parseInvocationEvent(eventWith(operation)), (error: Error) => error instanceof InvalidEventError && error.message.includes(`Operations[0].${path} must be`), path);
    if (details !== undefined) {
      assert.throws(() => parseInvocationEvent(eventWith({ ...wellFormed, [details]: "text" })), (error: Error) => error instanceof InvalidEventError && error.message.includes(`Operations[0].${details} must be an object`), details);
    }
  }
  for (const [field, value] of [["Id", 3], ["Type", "TIMER"], ["Status", 1]] as const) {
    assert.throws(() => parseInvocationEvent(eventWith({ ...wellFormed, [field]: value })), (error: Error) => error instanceof InvalidEventError && error.message.includes(`Operations[0].${field}`), field);
  }
  assert.is(parseInvocationEvent(eventWith(wellFormed)).InitialExecutionState.Operations?.length, 1);
});

test("checkpoint updates the service refuses: an unknown Action or Type, an action the type does not have, each naming the update", () => {
  const execution = newExecution();
  const refuse = (update: Partial<OperationUpdate>, message: RegExp) => {
    const token = execution.event().CheckpointToken;
    assert.throws(() => execution.checkpoint(token, [{ Id: "x1", Type: "STEP", Action: "START", ...update } as OperationUpdate]), (error: Error) => error.name === "InvalidParameterValueException" && message.test(error.message), String(message));
  };
  refuse({ Action: "EXPLODE" as never }, /Updates\[0\] \(Id x1, STEP EXPLODE\): EXPLODE is not allowed for STEP \(allowed: START, SUCCEED, FAIL, RETRY\)/);
  refuse({ Type: "TIMER" as never }, /Updates\[0\] \(Id x1, TIMER START\): unknown Type/);
  refuse({ Type: "WAIT", Action: "SUCCEED" }, /SUCCEED is not allowed for WAIT \(allowed: START, CANCEL\)/);
  refuse({ Action: "SUCCEED" }, /Updates\[0\] \(Id x1, STEP SUCCEED\): the operation was never started/);
  assert.is(execution.all().length, 1, "nothing was applied");
});

test("more than 3,000 operations: the service refuses the checkpoint, naming the limit, and the execution fails with that reason", async () => {
  const execution = newExecution();
  const starts = (from: number, count: number) => Array.from({ length: count }, (_, i): OperationUpdate => ({ Id: `op-${from + i}`, Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 1 } }));
  for (let call = 0; call < 12; call++) execution.checkpoint(execution.event().CheckpointToken, starts(call * 250, 250));
  assert.throws(() => execution.checkpoint(execution.event().CheckpointToken, starts(3000, 1)), /would give the execution 3001 operations; the limit is 3000 per execution/);

  const service = new LocalService({ clock: new SkippingClock(), maxCrashes: 0 });
  service.register("many", workflow("many", function* () {
    for (let i = 0; i < 3001; i++) yield* step(`s${i}`, () => i);
  }));
  const done = await service.result(service.start("many", undefined).executionArn);
  assert.is(done.status, "FAILED");
  assert.match(done.error?.ErrorMessage ?? "", /the limit is 3000 per execution/);
});

test("results JSON cannot represent fail their operation with a SerializationError naming it: a child's cycle, a map item's BigInt, a condition state's BigInt", async () => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  const outcomes = await Promise.all([
    invoke(workflow("cycle", function* () { return yield* child("holder", function* () { return cycle; }); }), newExecution()),
    invoke(workflow("bigint-item", function* () { return (yield* map("m", [1], function* () { return 5n as never; })).toJSON(); }), newExecution()),
    invoke(workflow("bigint-state", function* () {
      return yield* waitForCondition("poll", (state: Record<string, unknown>) => ({ ...state, n: 1n }), { initialState: {}, wait: waitStrategy({ until: () => true }) });
    }), newExecution()),
  ]);
  assert.match(JSON.stringify(outcomes[0]!.outcome), /SerializationError.*the body of RunInChildContext context \\"holder\\" returned a value that cannot be serialized: Converting circular structure to JSON/);
  assert.match(JSON.stringify(outcomes[1]!.outcome), /SerializationError.*item 0 of Map \\\\\\"m\\\\\\" returned a value that cannot be serialized: Do not know how to serialize a BigInt/);
  assert.match(JSON.stringify(outcomes[2]!.outcome), /SerializationError.*the check of waitForCondition \\"poll\\" returned a value that cannot be serialized/);
});

const throwsUsage = (fn: () => unknown, message: RegExp) => throwsError(DurableUsageError, fn, message);

test("invalid options not covered elsewhere: fractional counts, negative timeouts, minSuccessful 0, long names of every operation", () => {
  throwsUsage(() => retry({ maxAttempts: 1.5 }), /maxAttempts must be a whole number >= 1, got 1.5/);
  throwsUsage(() => step("s", () => 1, { timeout: -1 }), /step\("s"\) timeout must be a non-negative whole number, got -1/);
  throwsUsage(() => createCallback("c", { heartbeatTimeout: 2.5 }), /createCallback\("c"\) heartbeatTimeout must be a non-negative whole number, got 2.5/);
  throwsUsage(() => waitStrategy({ until: () => true, initialDelay: { minutes: -1 } }), /initialDelay/);
  throwsUsage(() => map("m", [1], function* () { return 1; }, { completion: { minSuccessful: 0 } }), /minSuccessful must be a whole number >= 1, got 0/);
  throwsUsage(() => map("m", [1], function* () { return 1; }, { maxConcurrency: 2.5 }), /maxConcurrency must be a whole number >= 1, got 2.5/);
  throwsUsage(() => map("m", [1], function* () { return 1; }, { completion: { toleratedFailurePercentage: -5 } }), /toleratedFailurePercentage must be a number from 0 to 100, got -5/);
  const long = "n".repeat(257);
  throwsUsage(() => map(long, [], function* () { return 1; }), /name of 257 characters; the limit is 256/);
  throwsUsage(() => child(long, function* () { return 1; }), /name of 257 characters/);
  throwsUsage(() => invokeOp(long, "fn"), /name of 257 characters/);
  throwsUsage(() => waitForCallback(long, () => {}), /name of 257 characters/);
  throwsUsage(() => wait("   ".slice(3), 1), /wait\(\) needs a non-empty name/);
});

test("the same descriptor twice in a combinator is a usage error naming both positions; describing a yielded Promise says so", () => {
  const once = step("once", () => 1);
  throwsUsage(() => all([once, once]), /all\(\) got the same operation at index 0 and 1: each participant is an operation of its own/);
  throwsUsage(() => race([wait("w", 1), once, once]), /race\(\) got the same operation at index 1 and 2/);
  throwsUsage(() => all([Promise.resolve(1) as never]), /all\(\) needs operations \(step\(\), wait\(\), \.\.\.\), got a Promise at index 0/);
});

test.run();
