// Runs in a fresh node process: the replay and fresh figures of one plugin variant (argv: variant, plan file,
// recorded event file); prints them as JSON on the last line.
import { readFileSync } from "node:fs";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { durableHandler, step, workflow, type Plugin } from "../../lib/index";
import { openTelemetryPlugin } from "../../lib/plugins/opentelemetry";
import { execute } from "./execute";
import { PLUGIN_VARIANTS, type PluginOverheadPlan, type PluginSamples, type PluginVariant } from "./plugin-overhead";
import { BenchService, lambdaContext, parseEvent, type Handler } from "./service";

const [variant, planFile, eventFile] = process.argv.slice(2) as [PluginVariant, string, string];
if (!PLUGIN_VARIANTS.includes(variant)) throw new Error(`usage: plugin-overhead-process.ts <${PLUGIN_VARIANTS.join("|")}> <plan.json> <event.json>`);
const plan = JSON.parse(readFileSync(planFile, "utf8")) as PluginOverheadPlan;
const eventJson = readFileSync(eventFile, "utf8");

/** The bench's `steps` workflow (contenders.ts), so the no-plugin figures match the main table's. */
const steps = workflow("steps", function* (input: { n: number }) {
  let total = 0;
  for (let i = 0; i < input.n; i++) total += yield* step(`step-${i}`, async () => i);
  return total;
});

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const plugins: Record<PluginVariant, Plugin[] | undefined> = {
  "no plugin": undefined,
  "empty plugin": [{}],
  "every hook, doing nothing": [{
    onInvocationStart() {}, onInvocationEnd() {}, onOperationStart() {}, onOperationEnd() {}, onOperationAttemptStart() {}, onOperationAttemptEnd() {},
    onOperationChange() {}, wrapInvocation: (_info, run) => run(), wrapOperationAttemptFn: (_info, run) => run(), wrapChildContextFn: (_info, run) => run(),
  }],
  "OpenTelemetry plugin": [openTelemetryPlugin({ tracerProvider: provider })],
};
const handlerFor = (client: LambdaClient): Handler => {
  const chosen = plugins[variant];
  return durableHandler(steps, chosen === undefined ? { client, log: () => {} } : { client, log: () => {}, plugins: chosen }) as Handler;
};

async function replayMs(): Promise<number[]> {
  const n = plan.replaySteps;
  const service = new BenchService({ n });
  const handler = handlerFor(service.client);
  const once = async () => {
    const event = parseEvent(eventJson);
    const started = performance.now();
    const output = await handler(event, lambdaContext);
    const ms = performance.now() - started;
    exporter.reset();
    if (output.Status !== "SUCCEEDED" || service.traffic.calls !== 0) throw new Error(`${variant}: replaying ${n} steps answered ${output.Status}`);
    return ms;
  };
  for (let replayed = 0; replayed < plan.replayWarmOperations; replayed += n) await once();
  const times: number[] = [];
  while (times.length < plan.replayRuns) times.push(await once());
  return times;
}

async function freshUsPerStep(): Promise<number[]> {
  const n = plan.freshSteps;
  const once = async () => {
    const service = new BenchService({ n }, true);
    const figure = await execute(service, handlerFor(service.client));
    exporter.reset();
    if (figure.result !== String((n * (n - 1)) / 2)) throw new Error(`${variant}: ${n} fresh steps returned ${figure.result}`);
    return ((figure.wallMs - figure.serviceMs) * 1000) / n;
  };
  for (let ran = 0; ran < Math.max(n, plan.freshWarmSteps); ran += n) await once();
  const figures: number[] = [];
  while (figures.length < plan.freshRuns) figures.push(await once());
  return figures;
}

const samples: PluginSamples = { replayMs: await replayMs(), freshUsPerStep: await freshUsPerStep() };
process.stdout.write(`\n${JSON.stringify(samples)}\n`);
