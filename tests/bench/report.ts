// The bench's results as one table (scenario, figure, both libraries, official ÷ ours) and the targets
// checked against them.
import type { BundleRow } from "./bundle";
import type { FirstReplayRow } from "./first-replay";
import type { HeapRow } from "./heap";
import type { Pair } from "./measure";
import type { TimedRows } from "./samples";

export interface Results extends TimedRows {
  bundle: BundleRow;
  firstReplay: FirstReplayRow;
  heap: HeapRow;
}

export interface Line {
  scenario: string;
  figure: string;
  durableGen: number;
  official: number;
  /** official ÷ durable-gen: above 1, durable-gen does better (every figure here is lower-is-better). */
  ratio: number;
  decimals: number;
}

export interface Target {
  target: string;
  met: boolean;
  measured: string;
}

function line(scenario: string, figure: string, pair: Pair, decimals = 0): Line {
  return { scenario, figure, durableGen: pair.ours, official: pair.official, ratio: pair.official / pair.ours, decimals };
}

export function lines(results: Results): Line[] {
  const out: Line[] = [];
  for (const row of results.replay) {
    const scenario = `replay ${row.operations.toLocaleString("en")} steps`;
    out.push(line(scenario, "first run (ms)", row.firstMs, 2), line(scenario, "median (ms)", row.medianMs, 2), line(scenario, "per operation (us)", row.usPerOperation, 2));
  }
  for (const runtime of results.firstReplay.runtimes) {
    const first = `first replay ${results.firstReplay.operations.toLocaleString("en")} steps, Node ${runtime.node}`;
    out.push(line(first, "fresh process, package entry (ms)", runtime.replayMs, 2), line(first, "import of the entry (ms)", runtime.importMs, 1));
  }
  for (const row of results.fresh) {
    const scenario = `fresh ${row.steps.toLocaleString("en")} steps`;
    out.push(line(scenario, "SDK time per step (us)", row.usPerStep, 1), line(scenario, "same, minimal service (us)", row.usPerStepMinimal, 1), line(scenario, "checkpoint calls", row.calls), line(scenario, "updates", row.updates), line(scenario, "bytes sent", row.bytes));
  }
  for (const row of results.map) {
    const scenario = `map ${row.items.toLocaleString("en")} items ${row.nesting}`;
    out.push(line(scenario, "time (ms)", row.ms, 1), line(scenario, "SDK time (ms)", row.sdkMs, 1), line(scenario, "checkpoint calls", row.calls), line(scenario, "updates", row.updates), line(scenario, "bytes sent", row.bytes));
  }
  const waits = `${results.waits.steps} steps, wait every ${results.waits.every}`;
  out.push(line(waits, "SDK CPU, all invocations (ms)", results.waits.cpuMs, 1), line(waits, "invocations", results.waits.invocations), line(waits, "checkpoint calls", results.waits.calls), line(waits, "updates", results.waits.updates), line(waits, "bytes sent", results.waits.bytes));
  out.push(
    line("one-step Lambda bundle", "bytes (minified)", results.bundle.bytes),
    line("one-step Lambda bundle", "bytes (gzip)", results.bundle.gzipBytes),
    line("cold start", "process start to first answer (ms)", results.bundle.coldStartMs, 1),
    line("cold start", "import to first answer (ms)", results.bundle.loadAndServeMs, 1),
    line("one-step bundle, runtime's client-lambda", "bytes (minified)", results.bundle.runtimeSdk.bytes),
    line("one-step bundle, runtime's client-lambda", "bytes (gzip)", results.bundle.runtimeSdk.gzipBytes),
    line("cold start, runtime's client-lambda", "process start to first answer (ms)", results.bundle.runtimeSdk.coldStartMs, 1),
    line("cold start, runtime's client-lambda", "import to first answer (ms)", results.bundle.runtimeSdk.loadAndServeMs, 1),
    line(`replay ${results.heap.operations.toLocaleString("en")} steps`, "peak heap (KB)", { ours: results.heap.peakBytes.ours / 1024, official: results.heap.peakBytes.official / 1024 }),
  );
  return out;
}

export function targets(results: Results): Target[] {
  const largest = results.replay.at(-1)!;
  const smallest = results.replay[0]!;
  const ratio = (pair: Pair) => pair.official / pair.ours;
  const callPairs: [string, Pair][] = [
    ...results.fresh.map((row): [string, Pair] => [`fresh ${row.steps}`, row.calls]),
    ...results.map.map((row): [string, Pair] => [`map ${row.items} ${row.nesting}`, row.calls]),
    [`waits`, results.waits.calls],
  ];
  const fewerCalls = callPairs.filter(([, pair]) => pair.ours > pair.official);
  return [
    {
      target: `replay of ${largest.operations} operations >= 30x faster and under 3 ms (warm median)`,
      met: ratio(largest.medianMs) >= 30 && largest.medianMs.ours < 3,
      measured: `${largest.medianMs.ours.toFixed(2)} ms vs ${largest.medianMs.official.toFixed(2)} ms (${ratio(largest.medianMs).toFixed(1)}x)`,
    },
    ...results.firstReplay.runtimes.map((runtime) => ({
      target: `first replay of ${results.firstReplay.operations} operations in a fresh process on Node ${runtime.node}, through the package entry, >= 20x faster`,
      met: ratio(runtime.replayMs) >= 20,
      measured: `${runtime.replayMs.ours.toFixed(2)} ms vs ${runtime.replayMs.official.toFixed(2)} ms (${ratio(runtime.replayMs).toFixed(1)}x), median of ${results.firstReplay.processes} processes each; `
        + `20x is ${(runtime.replayMs.official / 20).toFixed(2)} ms, the workflow's own code alone (a bare loop answering its steps) ${runtime.bareLoopMs.toFixed(2)} ms`,
    })),
    ...results.fresh.map((row) => ({
      target: `fresh execution of ${row.steps} steps: SDK time per step >= 5x lower, with LocalExecution and with the minimal service`,
      met: ratio(row.usPerStep) >= 5 && ratio(row.usPerStepMinimal) >= 5,
      measured: `${row.usPerStep.ours.toFixed(1)} us vs ${row.usPerStep.official.toFixed(1)} us (${ratio(row.usPerStep).toFixed(1)}x); `
        + `${row.usPerStepMinimal.ours.toFixed(1)} us vs ${row.usPerStepMinimal.official.toFixed(1)} us (${ratio(row.usPerStepMinimal).toFixed(1)}x)`,
    })),
    {
      target: "checkpoint calls <= official in every scenario",
      met: fewerCalls.length === 0,
      measured: fewerCalls.length === 0 ? callPairs.map(([name, pair]) => `${name}: ${pair.ours}/${pair.official}`).join(", ") : `more calls in ${fewerCalls.map(([name]) => name).join(", ")}`,
    },
    {
      target: "bundle <= official",
      met: results.bundle.bytes.ours <= results.bundle.bytes.official,
      measured: `${results.bundle.bytes.ours} vs ${results.bundle.bytes.official} bytes`,
    },
    {
      // Judged on import-to-answer: before the import, both processes run the same node start and the same driver,
      // which only adds the machine's noise to the difference.
      target: "cold start <= official (import of the bundle to the first answer)",
      met: results.bundle.loadAndServeMs.ours <= results.bundle.loadAndServeMs.official,
      measured: `${results.bundle.loadAndServeMs.ours.toFixed(1)} vs ${results.bundle.loadAndServeMs.official.toFixed(1)} ms; `
        + `from the process's start ${results.bundle.coldStartMs.ours.toFixed(1)} vs ${results.bundle.coldStartMs.official.toFixed(1)} ms`,
    },
    {
      // Flat: the per-operation time at the largest size is at most 1.5x the one at the smallest (a linear total).
      target: `replay time per operation flat from ${smallest.operations} to ${largest.operations}`,
      met: largest.usPerOperation.ours <= 1.5 * smallest.usPerOperation.ours,
      measured: results.replay.map((row) => `${row.operations}: ${row.usPerOperation.ours.toFixed(2)} us`).join(", "),
    },
  ];
}

const group = (value: number, decimals: number) => value.toLocaleString("en", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

export function table(rows: Line[]): string {
  const header = ["scenario", "figure", "durable-gen", "official", "official ÷ ours"];
  const cells = rows.map((row) => [row.scenario, row.figure, group(row.durableGen, row.decimals), group(row.official, row.decimals), `${row.ratio.toFixed(2)}x`]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const format = (cell: string[]) => cell.map((text, column) => (column < 2 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join("  ");
  return [format(header), widths.map((width) => "-".repeat(width)).join("  "), ...cells.map(format)].join("\n");
}
