import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  child, createCallback, DurableUsageError, invoke as invokeOp, retry, step, wait, waitForCallback, waitForCondition,
  waitStrategy, workflow, toSeconds, MAX_NAME_LENGTH, isOp, retryPresets,
  CallbackFailedError, CallbackTimeoutError, DurableOperationError, StepFailedError,
} from "../../../dsl/index";
import { throwsError } from "../../support/throws";

const throwsUsage = (fn: () => unknown, message: RegExp) => throwsError(DurableUsageError, fn, message);

test("descriptors are frozen data", () => {
  const op = step("s", () => 1);
  assert.ok(Object.isFrozen(op));
  assert.ok(isOp(op));
  assert.is(op.kind, "step");
  assert.ok(Object.isFrozen(workflow("w", function* () {})));
});

test("descriptors and errors are recognised across copies of the library (a CLI and a module each bundling one)", () => {
  const foreignOp = Object.freeze({ [Symbol.for("durable-gen/op")]: true, kind: "step", name: "s" });
  assert.ok(isOp(foreignOp));
  assert.not.ok(isOp({ kind: "step", name: "s" }));
  const foreignError = Object.defineProperty(new Error("boom"), Symbol.for("durable-gen/error-classes"), { value: ["CallbackTimeoutError", "CallbackFailedError", "DurableOperationError"] });
  assert.ok(foreignError instanceof CallbackTimeoutError);
  assert.ok(foreignError instanceof CallbackFailedError);
  assert.not.ok(foreignError instanceof StepFailedError);
  const own = new CallbackTimeoutError("cb", { errorType: "Callback.Timeout", message: "late" });
  assert.ok(own instanceof CallbackFailedError && own instanceof DurableOperationError && own instanceof Error);
  assert.not.ok(own instanceof StepFailedError);
});

test("durations: seconds or a breakdown, whole and non-negative", () => {
  assert.is(toSeconds({ days: 1, hours: 1, minutes: 1, seconds: 1 }, "d"), 90061);
  assert.is(toSeconds(5, "d"), 5);
  throwsUsage(() => wait("w", -1), /wait\("w"\) duration must be a non-negative whole number, got -1/);
  throwsUsage(() => wait("w", 1.5), /got 1.5/);
  throwsUsage(() => wait("w", { minutes: 2, fortnights: 1 } as never), /unknown unit "fortnights"/);
  throwsUsage(() => wait("w", 0), /between 1 second and 1 year, got 0s/);
  throwsUsage(() => wait("w", { days: 366 }), /between 1 second and 1 year/);
});

test("names: required, non-empty, at most 256 characters", () => {
  throwsUsage(() => step("", () => 1), /step\(\) needs a non-empty name as its first argument, got ""/);
  throwsUsage(() => step(undefined as never, () => 1), /got undefined/);
  throwsUsage(() => wait("x".repeat(MAX_NAME_LENGTH + 1), 1), /name of 257 characters; the limit is 256/);
  throwsUsage(() => workflow("", function* () {}), /workflow\(\) needs a non-empty name/);
});

test("options: unknown keys and wrong values name the operation and the option", () => {
  throwsUsage(() => step("s", () => 1, { retries: 3 } as never), /step\("s"\) has an unknown option "retries" \(allowed: retry, semantics, serdes, timeout\)/);
  throwsUsage(() => step("s", () => 1, { semantics: "exactly-once" as never }), /semantics must be "at-least-once" or "at-most-once", got "exactly-once"/);
  throwsUsage(() => step("s", "not a function" as never), /step\("s"\) needs its function to be a function/);
  throwsUsage(() => step("s", () => 1, { timeout: 0 }), /timeout must be at least 1 second/);
  throwsUsage(() => retry({ maxAttempts: 0 }), /maxAttempts must be a whole number >= 1, got 0/);
  throwsUsage(() => retry({ backoffRate: 0.5 }), /backoffRate must be a number >= 1, got 0.5/);
  throwsUsage(() => retry({ jitter: "some" as never }), /jitter must be one of full, half, none, got "some"/);
  throwsUsage(() => retry({ initialDelay: -2 }), /retry\(\) initialDelay must be a non-negative whole number/);
  throwsUsage(() => invokeOp("i", ""), /invoke\("i"\) needs a function name or ARN, got ""/);
  throwsUsage(() => createCallback("c", { timeout: "1h" as never }), /createCallback\("c"\) timeout must be a number of seconds/);
  throwsUsage(() => waitForCallback("w", () => {}, { heartbeat: 1 } as never), /waitForCallback\("w"\) has an unknown option "heartbeat"/);
  throwsUsage(() => waitForCondition("p", (s: number) => s, undefined as never), /needs options \{ initialState, wait \}/);
  throwsUsage(() => waitForCondition("p", (s: number) => s, { wait: waitStrategy({ until: () => true }) } as never), /needs an initialState option/);
  throwsUsage(() => waitStrategy({ until: () => true, maxAttempts: -1 }), /maxAttempts must be a whole number >= 1, got -1/);
  throwsUsage(() => child("c", 5 as never), /child\("c"\) needs its body \(a generator function\) to be a function/);
  throwsUsage(() => child("c", function* () {}, { subType: "" }), /subType must be a non-empty string/);
});

test("retry strategies: exponential, capped, jittered into whole seconds >= 1, filtered by retryable", () => {
  const fixed = retry({ maxAttempts: 4, initialDelay: 2, backoffRate: 3, maxDelay: 10, jitter: "none" });
  assert.equal(fixed(new Error("x"), 1), { retry: true, delay: 2 });
  assert.equal(fixed(new Error("x"), 2), { retry: true, delay: 6 });
  assert.equal(fixed(new Error("x"), 3), { retry: true, delay: 10 });
  assert.equal(fixed(new Error("x"), 4), { retry: false });
  class Transient extends Error {}
  const only = retry({ retryable: [Transient, /timeout/, "ECONNRESET"] });
  assert.ok(only(new Transient("t"), 1).retry);
  assert.ok(only(new Error("socket timeout"), 1).retry);
  assert.ok(only(Object.assign(new Error("reset"), { name: "ECONNRESET" }), 1).retry);
  assert.not.ok(only(new Error("validation"), 1).retry);
  for (let i = 0; i < 50; i++) {
    const decision = retryPresets.default(new Error("x"), 3);
    assert.ok(decision.retry && typeof decision.delay === "number" && decision.delay >= 1 && decision.delay <= 20 && Number.isInteger(decision.delay));
  }
  assert.equal(retryPresets.default(new Error("x"), 6), { retry: false });
  assert.equal(retryPresets.none(new Error("x"), 1), { retry: false });
});

test.run();
