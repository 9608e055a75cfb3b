// Peak heap while replaying a recorded history of N steps, measured in a fresh process per library (alternating,
// the median over the processes) by heap-process.ts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inTurn, median, pairOf, type Library, type Pair, type Plan } from "./measure";
import { bundleProcessScript } from "./process-script";
import { recordedSteps } from "./replay";

export interface HeapRow {
  operations: number;
  peakBytes: Pair;
  method: string;
}

export const HEAP_METHOD = "a fresh node --expose-gc process per library and run: one replay to load the code, a full GC, then the peak of V8's used heap "
  + "during the second replay (before every GC, from v8.GCProfiler, and at the end) less the used heap before it; the parsed event is not counted";

export async function heapScenario(plan: Plan): Promise<HeapRow> {
  const directory = mkdtempSync(join(tmpdir(), "durable-gen-heap-"));
  try {
    const eventFile = join(directory, "event.json");
    writeFileSync(eventFile, await recordedSteps(plan.heapOperations));
    const script = await bundleProcessScript("tests/bench/heap-process.ts", directory);
    const peaks = new Map<Library, number[]>([["durable-gen", []], ["official", []]]);
    for (let round = 0; round < plan.heapProcesses; round++) {
      for (const library of inTurn(round)) {
        const output = execFileSync(process.execPath, ["--expose-gc", script, library, eventFile], { encoding: "utf8" });
        peaks.get(library)!.push((JSON.parse(output.trim().split("\n").at(-1)!) as { peakBytes: number }).peakBytes);
      }
    }
    return { operations: plan.heapOperations, peakBytes: pairOf((library) => median(peaks.get(library)!)), method: HEAP_METHOD };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
