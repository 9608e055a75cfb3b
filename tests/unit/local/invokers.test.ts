// The local service runs an in-process workflow the way the Lambda handler does (prepareInvocation): a bad history
// is refused here as on Lambda, and the rest of the state is paged through the port.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { step, workflow } from "../../../dsl/index";
import type { DurablePort } from "../../../interpreter/port";
import type { DurableInvocationEvent, ExecutionState, Operation } from "../../../interpreter/wire";
import { InvalidEventError } from "../../../lib/event";
import type { LocalExecution } from "../../../lib/local/execution";
import type { LocalFunction } from "../../../lib/local/function-registry";
import { Invokers } from "../../../lib/local/invokers";

const arn = "arn:aws:lambda:us-east-1:000000000000:function:greet/durable-execution/greet-1/1";
const started = new Date(0);
const executionOp: Operation = { Id: "exec", Type: "EXECUTION", Status: "STARTED", StartTimestamp: started, ExecutionDetails: { InputPayload: JSON.stringify({ name: "Ada" }) } };
const greeted: Operation = { Id: "c4ca4238a0b92382", Type: "STEP", SubType: "Step", Name: "greet", Status: "SUCCEEDED", StartTimestamp: started, EndTimestamp: started, StepDetails: { Result: JSON.stringify("Hello, Ada") } };
// A workflow with a typed input registers as it is, step mocks included (no cast).
const greet: LocalFunction = { kind: "workflow", stepMocks: {}, workflow: workflow("greet", function* (input: { name: string }) {
  return yield* step("greet", () => `Hello, ${input.name}`);
}) };

function executionWith(event: DurableInvocationEvent): LocalExecution {
  return { executionArn: arn, functionName: "greet", event: () => event } as unknown as LocalExecution;
}

function portWith(pages: Record<string, ExecutionState>, asked: string[]): DurablePort {
  return {
    checkpoint: () => Promise.reject(new Error("nothing to checkpoint in a replay")),
    getState: async (_token, marker) => {
      asked.push(marker);
      return pages[marker] ?? { Operations: [] };
    },
  } as DurablePort;
}

test("an in-process workflow whose event repeats an operation id is refused as the Lambda handler refuses it", async () => {
  const event: DurableInvocationEvent = { DurableExecutionArn: arn, CheckpointToken: "t1", InitialExecutionState: { Operations: [executionOp, greeted, greeted] } };
  const invokers = new Invokers(undefined);
  try {
    await invokers.invokeDurable(greet, executionWith(event), portWith({}, []));
    assert.unreachable("the duplicate id was accepted");
  } catch (error) {
    assert.instance(error, InvalidEventError);
    assert.match((error as Error).message, "c4ca4238a0b92382");
  }
});

test("an in-process workflow reads the state's later pages through GetDurableExecutionState, as on Lambda", async () => {
  const event: DurableInvocationEvent = { DurableExecutionArn: arn, CheckpointToken: "t1", InitialExecutionState: { Operations: [executionOp], NextMarker: "1" } };
  const asked: string[] = [];
  const output = await new Invokers(undefined).invokeDurable(greet, executionWith(event), portWith({ "1": { Operations: [greeted] } }, asked));
  assert.equal(asked, ["1"]);
  assert.equal(output, { Status: "SUCCEEDED", Result: JSON.stringify("Hello, Ada") });
});

test.run();
