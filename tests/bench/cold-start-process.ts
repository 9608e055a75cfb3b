// Runs in a fresh node process (bundled to plain JS by bundle.ts, so no TypeScript loader is involved): loads a
// handler bundle, serves one invocation of a new execution against the in-memory service, and prints the times.
import { pathToFileURL } from "node:url";
import { enableMapSet } from "immer";
import { BenchService, lambdaContext, parseEvent, type Handler } from "./service";
import type { LambdaClient } from "@aws-sdk/client-lambda";

// LocalExecution keeps its operations in an immer Map; in-process the interpreter's snapshot module enables that.
enableMapSet();
const bundle = process.argv[2];
if (bundle === undefined) throw new Error("usage: node cold-start-process.mjs <handler bundle>");
const service = new BenchService({ name: "Ada" });
const event = parseEvent(service.eventJson());
const loading = performance.now();
const { makeHandler } = (await import(pathToFileURL(bundle).href)) as { makeHandler: (client: LambdaClient) => Handler };
const output = await makeHandler(service.client)(event, lambdaContext);
const served = performance.now();
if (output.Status !== "SUCCEEDED" || output.Result !== '"Hello, Ada"') throw new Error(`${bundle} answered ${JSON.stringify(output)}`);
// performance.now() counts from the start of the process.
process.stdout.write(JSON.stringify({ sinceProcessStartMs: served, loadAndServeMs: served - loading, calls: service.traffic.calls }));
// The official SDK leaves a 500 ms status timer armed; a Lambda sandbox is frozen at this point anyway.
process.exit(0);
