// A durableHandler that the local service runs in its own process gets the service's client in its Lambda context:
// the service's process.env is not touched, so two services (or a test's own settings) cannot leak into each other.
// A handler of another SDK still finds the service through the environment, set once rather than per invocation.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { durableHandler, step, wait, workflow } from "../../lib/index";
import { httpService } from "../support/harness";

const VARIABLES = ["AWS_ENDPOINT_URL_LAMBDA", "AWS_LAMBDA_FUNCTION_NAME"] as const;

function withoutVariables<T>(run: () => Promise<T>): Promise<T> {
  const saved = VARIABLES.map((name) => process.env[name]);
  for (const name of VARIABLES) delete process.env[name];
  return run().finally(() => {
    VARIABLES.forEach((name, index) => {
      if (saved[index] === undefined) delete process.env[name];
      else process.env[name] = saved[index];
    });
  });
}

const greet = workflow("greet", function* (input: { name: string }) {
  const greeting = yield* step("greet", () => `Hello, ${input.name}`);
  yield* wait("pause", 1);
  return greeting;
});

test("an in-process durableHandler reaches the service through its context: process.env stays as it was", () => withoutVariables(async () => {
  const local = await httpService();
  const lambda = new LambdaClient({ endpoint: local.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  try {
    local.service.register("greet-fn", { kind: "handler", durable: true, handler: durableHandler(greet, { log: () => {} }) });
    const answer = await lambda.send(new InvokeCommand({ FunctionName: "greet-fn", Payload: Buffer.from('{"name":"Ada"}') }));
    assert.is(Buffer.from(answer.Payload!).toString(), '"Hello, Ada"');
    for (const name of VARIABLES) assert.is(process.env[name], undefined, `${name} was set`);
  } finally {
    lambda.destroy();
    await local.close();
  }
}));

test("a handler of another SDK in the process finds the service through AWS_ENDPOINT_URL_LAMBDA; no function name is written", () => withoutVariables(async () => {
  const local = await httpService();
  const lambda = new LambdaClient({ endpoint: local.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  try {
    local.service.register("foreign-fn", { kind: "handler", durable: false, handler: (_event, context) => ({ endpoint: process.env.AWS_ENDPOINT_URL_LAMBDA, name: context.functionName }) });
    const answer = await lambda.send(new InvokeCommand({ FunctionName: "foreign-fn", Payload: Buffer.from("{}") }));
    assert.equal(JSON.parse(Buffer.from(answer.Payload!).toString()), { endpoint: local.url, name: "foreign-fn" });
    assert.is(process.env.AWS_LAMBDA_FUNCTION_NAME, undefined);
  } finally {
    lambda.destroy();
    await local.close();
  }
}));

test.run();
