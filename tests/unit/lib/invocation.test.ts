import { test } from "uvu";
import * as assert from "uvu/assert";
import { InvocationError } from "../../../interpreter/invocation-error";
import type { ExecutionState, Operation } from "../../../interpreter/wire";
import { InvalidEventError } from "../../../lib/event";
import { InvalidInputError, prepareInvocation } from "../../../lib/invocation";

const execution: Operation = { Id: "exec", Type: "EXECUTION", Status: "STARTED", ExecutionDetails: { InputPayload: '{"n":1}' } };
const stepA: Operation = { Id: "a", Type: "STEP", SubType: "Step", Name: "a", Status: "SUCCEEDED" };
const event = (operations: Operation[], NextMarker?: string) => ({ DurableExecutionArn: "arn:x", CheckpointToken: "t", InitialExecutionState: NextMarker === undefined ? { Operations: operations } : { Operations: operations, NextMarker } });
const noPages = async (): Promise<ExecutionState> => {
  throw new Error("no page is needed");
};

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => { throw new Error("expected a rejection"); },
    (error: Error) => error,
  );
}

test("an event becomes the snapshot of its operations and the parsed input", async () => {
  const prepared = await prepareInvocation(event([execution, stepA]), noPages);
  assert.is(prepared.executionArn, "arn:x");
  assert.is(prepared.checkpointToken, "t");
  assert.equal(prepared.input, { n: 1 });
  assert.is(prepared.snapshot.get("a"), stepA);
});

test("the rest of the state is paged with the event's checkpoint token", async () => {
  const asked: string[] = [];
  const prepared = await prepareInvocation(event([execution], "1"), async (token, marker) => {
    asked.push(`${token} ${marker}`);
    return { Operations: [stepA] };
  });
  assert.equal(asked, ["t 1"]);
  assert.is(prepared.snapshot.get("a")?.Name, "a");
});

test("an operation id that appears twice fails with InvalidEventError naming the id and both places", async () => {
  const error = await rejection(prepareInvocation(event([execution, stepA, { ...stepA, Status: "STARTED" }]), noPages));
  assert.instance(error, InvalidEventError);
  assert.match(error.message, /operation id a twice \(operations 1 and 2\)/);
});

test("a duplicate across a page boundary is found too", async () => {
  const error = await rejection(prepareInvocation(event([execution, stepA], "2"), async () => ({ Operations: [stepA] })));
  assert.instance(error, InvalidEventError);
  assert.match(error.message, /operation id a twice/);
});

test("an event without an EXECUTION operation fails with InvalidEventError instead of running with undefined input", async () => {
  const error = await rejection(prepareInvocation(event([stepA]), noPages));
  assert.instance(error, InvalidEventError);
  assert.match(error.message, /no EXECUTION operation \(1 operations\)/);
});

test("more than 3,000 operations in the event itself end the invocation with an InvocationError", async () => {
  const operations = [execution, ...Array.from({ length: 3001 }, (_, i): Operation => ({ Id: `s${i}`, Type: "STEP", SubType: "Step", Name: `s${i}`, Status: "SUCCEEDED" }))];
  const error = await rejection(prepareInvocation(event(operations), noPages));
  assert.instance(error, InvocationError);
  assert.match(error.message, /more than 3000 operations \(3002 so far\)/);
});

test("an input that is not JSON is an InvalidInputError (the handler fails the execution with it)", async () => {
  const error = await rejection(prepareInvocation(event([{ ...execution, ExecutionDetails: { InputPayload: "{nope" } }]), noPages));
  assert.instance(error, InvalidInputError);
  assert.match(error.message, /input is not JSON/);
});

test.run();
