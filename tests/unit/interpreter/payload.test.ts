import { test } from "uvu";
import * as assert from "uvu/assert";
import { child, invoke as invokeOp, InvokeFailedError, SerializationError, step, StepFailedError, workflow } from "../../../dsl/index";
import { serializePayload } from "../../../interpreter/payload";
import { defaultSerdes } from "../../../dsl/serdes";
import { invoke, newMemoryExecution, sent } from "../../support/harness";

// The payload rule (interpreter/payload.ts): a value that cannot be checkpointed fails the operation that produced it.
// The DSL's types refuse these values already; the casts stand for code the types do not see (any, JavaScript).

class Money {
  constructor(readonly cents: number) {}
}

const lossy: [string, unknown, RegExp][] = [
  ["a Date", { at: new Date(0) }, /returned a Date at \.at, which JSON cannot give back as the same value/],
  ["a Map", new Map([["a", 1]]), /returned a Map, which JSON/],
  ["a Set inside an array", [1, new Set([1])], /returned a Set at \[1\]/],
  ["a class instance", { price: new Money(5) }, /returned a Money at \.price/],
  ["undefined inside an array", [1, undefined], /returned undefined at \[1\] \(JSON writes null\)/],
  ["a function", { run: () => 1 }, /returned a function at \.run/],
  ["NaN", { total: Number.NaN }, /returned NaN at \.total/],
];

test("the default JSON serdes refuses what it would not give back as the same type, naming the operation and where", () => {
  for (const [label, value, message] of lossy) {
    const error = (() => { try { serializePayload(defaultSerdes, value, 'step "s"', Infinity); } catch (thrown) { return thrown; } return undefined; })();
    assert.instance(error, SerializationError, label);
    assert.is((error as SerializationError).operation, 'step "s"');
    assert.match((error as Error).message, message, label);
  }
  assert.throws(() => serializePayload(defaultSerdes, { n: 1n }, 'step "s"', Infinity), /cannot be serialized: Do not know how to serialize a BigInt/);
  assert.is(serializePayload(defaultSerdes, { a: [1, "x", null, { b: true }], c: undefined }, 'step "s"', Infinity), '{"a":[1,"x",null,{"b":true}]}', "plain data passes (an undefined property is dropped)");
  assert.is(serializePayload(defaultSerdes, Object.assign(Object.create(null), { a: 1 }), 'step "s"', Infinity), '{"a":1}');
});

test("a step returning a Date fails with StepFailedError whose errorType is SerializationError, recorded as the step's FAIL", async () => {
  let caught: unknown;
  const wf = workflow("dates", function* () {
    try {
      yield* step("when", (() => new Date(0)) as () => unknown);
    } catch (error) {
      caught = error;
    }
    return "handled";
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '"handled"' });
  assert.instance(caught, StepFailedError);
  assert.is((caught as StepFailedError).errorType, "SerializationError");
  assert.equal(sent(execution).map((update) => `${update.Action} ${update.Error?.ErrorType ?? ""}`), ["START ", "FAIL SerializationError"]);
});

test("a child whose body returns a Map fails as the child, recorded as its FAIL", async () => {
  const wf = workflow("maps", function* () { return yield* child("c", (function* () { return new Map(); }) as () => Generator<never, unknown, unknown>); });
  const execution = newMemoryExecution();
  const run = await invoke(wf, execution);
  assert.is(run.outcome.status, "FAILED");
  assert.match(JSON.stringify(run.outcome), /ChildFailedError|SerializationError/);
  assert.ok(sent(execution).some((update) => update.Type === "CONTEXT" && update.Action === "FAIL" && update.Error?.ErrorType === "SerializationError"));
});

test("an invoke whose payload cannot be serialized fails as the invoke (InvokeFailedError), before anything is recorded", async () => {
  let caught: unknown;
  const wf = workflow("bad-payload", function* () {
    try {
      yield* invokeOp("call", "other-fn", { when: new Date(0) });
    } catch (error) {
      caught = error;
    }
    return "handled";
  });
  const execution = newMemoryExecution();
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '"handled"' });
  assert.instance(caught, InvokeFailedError);
  assert.is((caught as InvokeFailedError).errorType, "SerializationError");
  assert.match((caught as Error).message, /the payload of invoke "call" returned a Date at \.when/);
  assert.equal(sent(execution), []);
});

test("the workflow's own result that JSON would change fails the execution with a SerializationError naming the workflow", async () => {
  const wf = workflow("returns-a-set", function* () { return new Set([1]); });
  const run = await invoke(wf, newMemoryExecution());
  assert.is(run.outcome.status, "FAILED");
  if (run.outcome.status === "FAILED") {
    assert.is(run.outcome.error.ErrorType, "SerializationError");
    assert.match(run.outcome.error.ErrorMessage!, /workflow "returns-a-set" returned a Set/);
  }
});

test.run();
