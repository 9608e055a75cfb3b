// Runs in a fresh node process (--expose-gc): replays a recorded history with one library and prints the peak of
// V8's used heap during that replay above the heap before it.
import { readFileSync } from "node:fs";
import { GCProfiler, getHeapStatistics } from "node:v8";
import { contenders } from "./contenders";
import { LIBRARIES, type Library } from "./measure";
import { BenchService, lambdaContext, parseEvent } from "./service";

const [library, eventFile] = process.argv.slice(2);
if (!LIBRARIES.includes(library as Library) || eventFile === undefined) throw new Error(`usage: heap-process.ts <${LIBRARIES.join("|")}> <event.json>`);
const contender = contenders[library as Library];
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("heap-process.ts needs node --expose-gc");
const eventJson = readFileSync(eventFile, "utf8");
const handler = contender.steps(new BenchService(undefined).client);
// A warm sandbox: the first replay loads and compiles the library's code; the second one is measured.
await handler(parseEvent(eventJson), lambdaContext);
const event = parseEvent(eventJson);
gc();
gc();
const before = getHeapStatistics().used_heap_size;
const profiler = new GCProfiler();
profiler.start();
const output = await handler(event, lambdaContext);
const atEnd = getHeapStatistics().used_heap_size;
const collections = profiler.stop()?.statistics ?? [];
if (output.Status !== "SUCCEEDED") throw new Error(`${library} replay answered ${output.Status}`);
// Used heap only grows between collections, so its peak is just before one of them or at the end.
const peak = Math.max(atEnd, ...collections.map((collection) => collection.beforeGC.heapStatistics.usedHeapSize));
process.stdout.write(`\n${JSON.stringify({ peakBytes: peak - before, collections: collections.length })}\n`);
