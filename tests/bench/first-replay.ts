// The first replay in a fresh process, with no warm-up: what a Lambda sandbox does right after a cold start. Each
// library is imported through its built package entry (durable-gen's dist/index.mjs, built here with
// `node build.mjs --lib`; the official SDK's own entry in node_modules) by a process that replays one recorded
// history once; median over the processes, the libraries alternating.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inTurn, LIBRARIES, median, pairOf, type Library, type Pair, type Plan } from "./measure";
import { bundleProcessScript } from "./process-script";
import { recordedSteps } from "./replay";

export interface FirstReplayRow {
  operations: number;
  /** The replay alone: from the event handed to the handler to its answer. */
  replayMs: Pair;
  /** Importing the package entry (its module graph loaded and evaluated). */
  importMs: Pair;
  processes: number;
}

export async function firstReplayScenario(plan: Plan): Promise<FirstReplayRow> {
  execFileSync(process.execPath, ["build.mjs", "--lib"], { stdio: "ignore" });
  const entries: Record<Library, string> = {
    "durable-gen": resolve("dist/index.mjs"),
    // Its ESM entry, as `import` resolves it for a user's module.
    official: fileURLToPath(import.meta.resolve("@aws/durable-execution-sdk-js")),
  };
  const directory = mkdtempSync(join(tmpdir(), "durable-gen-first-replay-"));
  try {
    const eventFile = join(directory, "event.json");
    writeFileSync(eventFile, await recordedSteps(plan.firstReplayOperations));
    const driver = await bundleProcessScript("tests/bench/first-replay-process.ts", directory);
    const runs = new Map<Library, { replayMs: number; importMs: number }[]>(LIBRARIES.map((library) => [library, []]));
    for (let round = 0; round < plan.firstReplayProcesses; round++) {
      for (const library of inTurn(round)) {
        const output = execFileSync(process.execPath, [driver, library, entries[library], eventFile, String(plan.firstReplayOperations)], { encoding: "utf8" });
        runs.get(library)!.push(JSON.parse(output.trim().split("\n").at(-1)!));
      }
    }
    const medianOf = (pick: (run: { replayMs: number; importMs: number }) => number): Pair => pairOf((library) => median(runs.get(library)!.map(pick)));
    return { operations: plan.firstReplayOperations, replayMs: medianOf((run) => run.replayMs), importMs: medianOf((run) => run.importMs), processes: plan.firstReplayProcesses };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
