// npm run bench [-- --json]: durable-gen and the official SDK (@aws/durable-execution-sdk-js) side by side on the
// same zero-latency in-memory service with the same workflows; one table (or one JSON document) and the targets.
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { bundleScenario } from "./bundle";
import { firstReplayScenario } from "./first-replay";
import { heapScenario } from "./heap";
import { fullPlan } from "./measure";
import { lines, table, targets, type Results } from "./report";
import { pluginOverheadScenario, pluginOverheadTable } from "./plugin-overhead";
import { samplesInProcesses, timedRows } from "./samples";

const plan = fullPlan;
const json = process.argv.includes("--json");
const progress = (scenario: string) => { if (!json) process.stderr.write(`running: ${scenario}\n`); };

const started = performance.now();
progress(`replay, fresh, map and waits (${plan.rounds} rounds of a fresh process per library)`);
const timed = timedRows(plan, await samplesInProcesses(plan));
progress("bundle and cold start");
const bundle = await bundleScenario(plan);
progress(`first replay (${plan.firstReplayProcesses} fresh processes per library, through the package entry)`);
const firstReplay = await firstReplayScenario(plan);
progress("peak heap");
const heap = await heapScenario(plan);
progress("plugin overhead (durable-gen: no plugin, an empty plugin, every hook as a no-op, the OpenTelemetry plugin)");
const pluginOverhead = await pluginOverheadScenario(plan);
const results: Results = { ...timed, bundle, firstReplay, heap };

const officialPackage = new URL("../../node_modules/@aws/durable-execution-sdk-js/package.json", import.meta.url);
const officialVersion = (JSON.parse(readFileSync(officialPackage, "utf8")) as { version: string }).version;
const machine = { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, platform: `${process.platform} ${process.arch}` };
const notes = {
  service: "LocalExecution behind a LambdaClient-like send(): zero latency, no network; both libraries get the same client and the same workflows",
  processes: `replay, fresh, map and waits run in ${plan.rounds} rounds of a fresh node process per library, the order flipping every round`,
  "SDK time": "wall time of the invocations less the time spent inside the in-memory service; SDK CPU: their CPU time (process.cpuUsage) less the same",
  replay: `the whole history in the event, parsed afresh for every run; first run: median of each process's first replay of that size (the 1,000 and 3,000 ones come after the smaller sizes in the same process: see "first replay"); median: of the ${plan.replayRuns - 1} replays of every process after untimed ones that replay ${plan.replayWarmOperations.toLocaleString("en")} operations (a warm sandbox)`,
  "first replay": `${plan.firstReplayProcesses} fresh node processes per library, alternating, each importing the built package entry (dist/index.mjs, the official SDK's ESM entry) and replaying ${plan.firstReplayOperations.toLocaleString("en")} steps once, with no warm-up; the replay alone is timed; a third process per round runs the workflow's own code alone (its generator and step() descriptors answered by a bare loop); on this Node and on Node 22, Lambda's runtime${firstReplay.missing === undefined ? "" : ` (not measured: ${firstReplay.missing})`}`,
  warm: `each process runs untimed executions of each kind first: fresh ones until ${plan.freshWarmSteps.toLocaleString("en")} steps have run, one map, one waits`,
  fresh: `median of ${plan.freshRuns * plan.rounds} executions per library; the minimal service answers every checkpoint with a new token and keeps nothing`,
  map: `maxConcurrency ${plan.maxConcurrency}, median of ${plan.mapRuns * plan.rounds} executions per library; time is wall time, the service's included`,
  waits: `median of ${plan.waits.runs * plan.rounds} executions; CPU over every invocation, less the service's`,
  "cold start": `median of ${plan.coldStartProcesses} fresh node processes per library, alternating; the client is the in-memory one (no LambdaClient is built)`,
  heap: heap.method,
  plugins: `durable-gen alone: the largest replay and fresh sizes with no plugin, an empty plugin and the OpenTelemetry plugin (in-memory exporter), ${plan.rounds} rounds of a fresh process per variant`,
};

if (json) {
  console.log(JSON.stringify({ command: "npm run -s bench -- --json", machine, official: officialVersion, plan, notes, results, lines: lines(results), targets: targets(results), pluginOverhead }, null, 2));
} else {
  console.log(`durable-gen vs @aws/durable-execution-sdk-js ${officialVersion}; Node ${machine.node}, ${machine.cores} x ${machine.cpu}, ${machine.platform}`);
  for (const [name, note] of Object.entries(notes)) console.log(`  ${name}: ${note}`);
  console.log(`\n${table(lines(results))}\n`);
  console.log(`${pluginOverheadTable(pluginOverhead)}\n`);
  for (const target of targets(results)) console.log(`${target.met ? "met   " : "MISSED"}  ${target.target}: ${target.measured}`);
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
