import { test } from "uvu";
import * as assert from "uvu/assert";
import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import { child, step, wait, workflow, type ExternalLogger } from "../../lib/index";
import { runLocal } from "../../lib/testing";
import { levelFromEnvironment } from "../../lib/logging/levels";
import { observedRunOptions } from "../../lib/plugins/options";
import { throwsError } from "../support/throws";

const chatty = workflow("chatty", function* (input: string, ctx) {
  ctx.logger.debug("debug from the workflow");
  ctx.logger.info(`workflow got ${input}`);
  const value = yield* step("work", (s) => {
    s.logger.warn("step warns", { input });
    return 1;
  });
  yield* wait("pause", 1);
  ctx.logger.error("after the wait");
  return value;
});

const records = (lines: readonly string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

test("the default logger writes one JSON line per record: timestamp, level, message, execution ARN, request id, operation id and name, attempt", async () => {
  const lines: string[] = [];
  const run = await runLocal(chatty, "in", { log: (line) => lines.push(line), logLevel: "DEBUG" });
  const [debug, info, warn, error] = records(lines);
  assert.equal(Object.keys(info!), ["timestamp", "level", "message", "executionArn", "requestId"]);
  assert.match(String(info!.timestamp), /^\d{4}-\d\d-\d\dT/);
  assert.equal([debug!.level, info!.level, warn!.level, error!.level], ["DEBUG", "INFO", "WARN", "ERROR"]);
  assert.is(info!.executionArn, run.executionArn);
  assert.is(info!.requestId, run.invocations[0]!.requestId);
  assert.equal(Object.keys(warn!), ["timestamp", "level", "message", "executionArn", "requestId", "operationId", "operationName", "attempt", "data"]);
  assert.equal([warn!.operationName, warn!.attempt, warn!.data], ["work", 1, { input: "in" }]);
  assert.is(error!.requestId, run.invocations[1]!.requestId, "the second invocation's records carry its own request id");
  assert.is(lines.length, 4, "silent while replaying: each record once");
});

test("AWS_LAMBDA_LOG_LEVEL is honoured (any case); logLevel overrides it; an unknown level is an error naming it", () => {
  const written = (env: Record<string, string>, logLevel?: "ERROR") => {
    const lines: string[] = [];
    const { logger } = observedRunOptions(logLevel === undefined ? {} : { logLevel }, { sink: (line) => lines.push(line), env });
    const made = logger!({ executionArn: "arn" }, () => false);
    made.debug("d");
    made.info("i");
    made.warn("w");
    made.error("e");
    return records(lines).map((record) => record.message).join("");
  };
  assert.is(written({}), "diwe", "unset: every record, as with Lambda's text logs");
  assert.is(written({ AWS_LAMBDA_LOG_LEVEL: "DEBUG" }), "diwe");
  assert.is(written({ AWS_LAMBDA_LOG_LEVEL: "info" }), "iwe");
  assert.is(written({ AWS_LAMBDA_LOG_LEVEL: "WARN" }), "we");
  assert.is(written({ AWS_LAMBDA_LOG_LEVEL: "ERROR" }), "e");
  assert.is(written({ AWS_LAMBDA_LOG_LEVEL: "FATAL" }), "");
  assert.is(written({ AWS_LAMBDA_LOG_LEVEL: "DEBUG" }, "ERROR"), "e", "logLevel overrides the environment");
  assert.is(levelFromEnvironment({}), undefined);
  throwsError(RangeError, () => levelFromEnvironment({ AWS_LAMBDA_LOG_LEVEL: "LOUD" }), /AWS_LAMBDA_LOG_LEVEL is "LOUD"; expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL/);
});

test("logReplay: code that runs again on a replay logs again (the child body of a ReplayChildren context, say)", async () => {
  const replayed = workflow("replayed", function* (_: undefined, ctx) {
    ctx.logger.info("before");
    yield* wait("pause", 1);
    ctx.logger.info("after");
  });
  for (const [logReplay, expected] of [[false, ["before", "after"]], [true, ["before", "before", "after"]]] as const) {
    const lines: string[] = [];
    await runLocal(replayed, undefined, { log: (line) => lines.push(line), logReplay });
    assert.equal(records(lines).map((record) => record.message), expected);
  }
});

test("a custom logger gets one call per record, the message and the execution's fields in one object", async () => {
  const calls: unknown[][] = [];
  const logger: ExternalLogger = {
    debug: (...args: unknown[]) => calls.push(["debug", ...args]),
    info: (...args: unknown[]) => calls.push(["info", ...args]),
    warn: (...args: unknown[]) => calls.push(["warn", ...args]),
    error: (...args: unknown[]) => calls.push(["error", ...args]),
  };
  const run = await runLocal(chatty, "in", { logger });
  assert.is(calls.length, 4);
  assert.equal(calls[1], ["info", "workflow got in", { executionArn: run.executionArn, requestId: run.invocations[0]!.requestId }]);
  const [level, message, fields] = calls[2] as [string, string, Record<string, unknown>];
  assert.equal([level, message, fields.operationName, fields.attempt, fields.data], ["warn", "step warns", "work", 1, { input: "in" }]);
});

test("a Powertools Logger (the real package) works unchanged: its own JSON record, with the execution's fields as keys, not wrapped twice", async () => {
  // Powertools writes through a Console of its own over process.stdout and process.stderr (ERROR records).
  const written: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof stream.write;
  }
  let run;
  try {
    const powertools = new PowertoolsLogger({ serviceName: "orders", logLevel: "INFO" });
    const nested = workflow("powertools", function* (input: string, ctx) {
      ctx.logger.info("workflow starts", { input });
      ctx.logger.debug("below Powertools' level");
      return yield* child("c", function* () { return yield* step("s", (s) => { s.logger.error("step error"); return 1; }); });
    });
    run = await runLocal(nested, "x", { logger: powertools });
  } finally {
    streams.forEach((stream, index) => (stream.write = writes[index]!));
  }
  const lines = written.join("").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.is(lines.length, 2, "the DEBUG record is dropped by Powertools' own level");
  const [first, second] = lines;
  assert.is(first!.message, "workflow starts", "the message is ours, not a JSON line of ours inside Powertools' message");
  assert.equal([first!.level, first!.service, first!.executionArn, first!.requestId, first!.data], ["INFO", "orders", run.executionArn, run.invocations[0]!.requestId, { input: "x" }]);
  assert.equal([second!.level, second!.message, second!.operationName, second!.attempt], ["ERROR", "step error", "s", 1]);
  assert.ok(typeof second!.operationId === "string");
});

test.run();
