// Plugin overhead (durable-gen alone): replay of the largest recorded history and a fresh execution of the
// largest fresh size, with no plugin, with an empty plugin ({}: no hook, so nothing runs per operation), with a
// plugin that defines every hook as a no-op (every call site runs and builds its info) and with the OpenTelemetry plugin (the real SDK's BasicTracerProvider, spans kept in an InMemorySpanExporter that is
// emptied after each run). Each variant runs in fresh processes, in rounds whose order rotates, as the other
// timed scenarios do.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, type Plan } from "./measure";
import { bundleProcessScript } from "./process-script";
import { recordedSteps } from "./replay";

export const PLUGIN_VARIANTS = ["no plugin", "empty plugin", "every hook, doing nothing", "OpenTelemetry plugin"] as const;
export type PluginVariant = (typeof PLUGIN_VARIANTS)[number];

export interface PluginSamples {
  replayMs: number[];
  freshUsPerStep: number[];
}

export interface PluginOverheadRow {
  variant: PluginVariant;
  replaySteps: number;
  replayMedianMs: number;
  freshSteps: number;
  freshUsPerStep: number;
}

export interface PluginOverheadPlan {
  replaySteps: number;
  replayRuns: number;
  replayWarmOperations: number;
  freshSteps: number;
  freshRuns: number;
  freshWarmSteps: number;
}

export function pluginOverheadPlan(plan: Plan): PluginOverheadPlan {
  return {
    replaySteps: plan.replaySizes.at(-1)!,
    replayRuns: plan.replayRuns,
    replayWarmOperations: plan.replayWarmOperations,
    freshSteps: plan.freshSizes.at(-1)!,
    freshRuns: plan.freshRuns,
    freshWarmSteps: plan.freshWarmSteps,
  };
}

export async function pluginOverheadScenario(plan: Plan): Promise<PluginOverheadRow[]> {
  const overhead = pluginOverheadPlan(plan);
  const directory = mkdtempSync(join(tmpdir(), "durable-gen-plugin-bench-"));
  try {
    const eventFile = join(directory, "event.json");
    writeFileSync(eventFile, await recordedSteps(overhead.replaySteps));
    const planFile = join(directory, "plan.json");
    writeFileSync(planFile, JSON.stringify(overhead));
    const script = await bundleProcessScript("tests/bench/plugin-overhead-process.ts", directory);
    const samples = new Map<PluginVariant, PluginSamples>(PLUGIN_VARIANTS.map((variant) => [variant, { replayMs: [], freshUsPerStep: [] }]));
    for (let round = 0; round < plan.rounds; round++) {
      const order = PLUGIN_VARIANTS.map((_, index) => PLUGIN_VARIANTS[(index + round) % PLUGIN_VARIANTS.length]!);
      for (const variant of order) {
        const output = execFileSync(process.execPath, [script, variant, planFile, eventFile], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
        const measured = JSON.parse(output.trim().split("\n").at(-1)!) as PluginSamples;
        samples.get(variant)!.replayMs.push(...measured.replayMs);
        samples.get(variant)!.freshUsPerStep.push(...measured.freshUsPerStep);
      }
    }
    return PLUGIN_VARIANTS.map((variant) => ({
      variant,
      replaySteps: overhead.replaySteps,
      replayMedianMs: median(samples.get(variant)!.replayMs),
      freshSteps: overhead.freshSteps,
      freshUsPerStep: median(samples.get(variant)!.freshUsPerStep),
    }));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export function pluginOverheadTable(rows: readonly PluginOverheadRow[]): string {
  const base = rows[0]!;
  const header = ["durable-gen", `replay ${base.replaySteps.toLocaleString("en")} steps, median (ms)`, "vs no plugin", `fresh ${base.freshSteps.toLocaleString("en")} steps, SDK time per step (us)`, "vs no plugin"];
  const cells = rows.map((row) => [
    row.variant,
    row.replayMedianMs.toFixed(2),
    `${(row.replayMedianMs / base.replayMedianMs).toFixed(2)}x`,
    row.freshUsPerStep.toFixed(1),
    `${(row.freshUsPerStep / base.freshUsPerStep).toFixed(2)}x`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const format = (cell: string[]) => cell.map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join("  ");
  return [format(header), widths.map((width) => "-".repeat(width)).join("  "), ...cells.map(format)].join("\n");
}
