// Runs in a fresh node process (bundled to plain JS by process-script.ts): imports one library through its built
// package entry, as an installed package is imported, and replays a recorded history once: the first replay of
// a Lambda sandbox right after its cold start. Prints the times as JSON. As "bare-loop", it imports durable-gen's
// entry the same way and runs only the workflow's own code: the same generator and step() descriptors, each answered
// from the event by a bare loop, without the interpreter: the part of a first replay that no interpreter can take away.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { enableMapSet } from "immer";
import { BenchService, lambdaContext, parseEvent, type Handler } from "./service";

// LocalExecution (behind BenchService) keeps its operations in an immer Map; in-process the interpreter enables that.
enableMapSet();
const [library, entry, eventFile, operations] = process.argv.slice(2);
if (entry === undefined || eventFile === undefined || operations === undefined) throw new Error("usage: first-replay-process.mjs <durable-gen|official|bare-loop> <package entry> <event.json> <n>");
const n = Number(operations);
const service = new BenchService({ n });
const eventJson = readFileSync(eventFile, "utf8");
const importing = performance.now();
const api = (await import(pathToFileURL(entry).href)) as Record<string, (...args: never[]) => unknown>;
const handler = library === "durable-gen" ? ours(api, service.client) : library === "bare-loop" ? bareLoop(api) : official(api, service.client);
const event = parseEvent(eventJson);
const started = performance.now();
const output = await handler(event, lambdaContext);
const replayMs = performance.now() - started;
if (output.Status !== "SUCCEEDED" || output.Result !== String((n * (n - 1)) / 2)) throw new Error(`${library} answered ${JSON.stringify(output)}`);
if (service.traffic.calls !== 0) throw new Error(`${library} checkpointed during a full replay`);
process.stdout.write(`\n${JSON.stringify({ replayMs, importMs: started - importing, node: process.version })}\n`);
// The official SDK leaves a status timer armed; a Lambda sandbox is frozen at this point anyway.
process.exit(0);

/** The bench's `steps` workflow (contenders.ts), written against the package's entry as its users write it. */
function stepsBody(api: Record<string, (...args: never[]) => unknown>) {
  const { step } = api as unknown as typeof import("../../lib/index");
  return function* (input: { n: number }) {
    let total = 0;
    for (let i = 0; i < input.n; i++) total += yield* step(`step-${i}`, async () => i);
    return total;
  };
}

function ours(api: Record<string, (...args: never[]) => unknown>, client: LambdaClient): Handler {
  const { durableHandler, workflow } = api as unknown as typeof import("../../lib/index");
  return durableHandler(workflow("steps", stepsBody(api)), { client, log: () => {} }) as Handler;
}

/** The workflow's generator driven by a loop that answers each step with its recorded result, found by name. */
function bareLoop(api: Record<string, (...args: never[]) => unknown>): Handler {
  const body = stepsBody(api);
  return async (event) => {
    const operations = (event as ReturnType<typeof parseEvent>).InitialExecutionState.Operations;
    const results = new Map<string | undefined, string | undefined>();
    for (let index = 0; index < operations.length; index++) results.set(operations[index]!.Name, operations[index]!.StepDetails?.Result);
    const generator = body(JSON.parse(operations[0]!.ExecutionDetails!.InputPayload!));
    let next = generator.next();
    while (!next.done) next = generator.next(JSON.parse(results.get(next.value.name)!));
    return { Status: "SUCCEEDED", Result: String(next.value) };
  };
}

function official(api: Record<string, (...args: never[]) => unknown>, client: LambdaClient): Handler {
  const { withDurableExecution } = api as unknown as typeof import("@aws/durable-execution-sdk-js");
  return withDurableExecution(async (input: { n: number }, context) => {
    let total = 0;
    for (let i = 0; i < input.n; i++) total += await context.step(`step-${i}`, async () => i);
    return total;
  }, { client }) as unknown as Handler;
}
