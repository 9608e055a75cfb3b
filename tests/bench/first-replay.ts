// The first replay in a fresh process, with no warm-up: what a Lambda sandbox does right after a cold start. Each
// library is imported through its built package entry (durable-gen's dist/index.mjs, built here with
// `node build.mjs --lib`; the official SDK's own entry in node_modules) by a process that replays one recorded
// history once; median over the processes, the libraries alternating. A third process per round runs the
// workflow's own code alone (a bare loop answering its steps), the part of the figure no interpreter can remove.
// Run on this process's Node and, when that is not Node 22, again on Node 22 (the npm package node@22, as the test
// suite fetches it): Lambda runs durable functions on Node 22 and 24, and the two versions' V8 run cold code at
// different costs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inTurn, LIBRARIES, median, pairOf, type Library, type Pair, type Plan } from "./measure";
import { bundleProcessScript } from "./process-script";
import { recordedSteps } from "./replay";

export interface FirstReplayRuntime {
  /** process.version of the processes. */
  node: string;
  /** The replay alone: from the event handed to the handler to its answer. */
  replayMs: Pair;
  /** Importing the package entry (its module graph loaded and evaluated). */
  importMs: Pair;
  /**
   * The workflow's own code alone, in the same kind of process: its generator and durable-gen's step()
   * descriptors, each answered from the event by a bare loop (first-replay-process.ts): what no interpreter can
   * take away.
   */
  bareLoopMs: number;
}

export interface FirstReplayRow {
  operations: number;
  processes: number;
  /** This process's Node first, then Node 22 when this is another version and Node 22 could be fetched. */
  runtimes: FirstReplayRuntime[];
  /** Why Node 22 was not measured, when it was not and this is not Node 22. */
  missing?: string;
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
    const measure = (node: string): FirstReplayRuntime => {
      type Run = { replayMs: number; importMs: number; node: string };
      const replay = (library: Library | "bare-loop"): Run => {
        const output = execFileSync(node, [driver, library, entries[library === "bare-loop" ? "durable-gen" : library], eventFile, String(plan.firstReplayOperations)], { encoding: "utf8" });
        return JSON.parse(output.trim().split("\n").at(-1)!);
      };
      const runs = new Map<Library, Run[]>(LIBRARIES.map((library) => [library, []]));
      const bareLoopMs: number[] = [];
      for (let round = 0; round < plan.firstReplayProcesses; round++) {
        for (const library of inTurn(round)) runs.get(library)!.push(replay(library));
        bareLoopMs.push(replay("bare-loop").replayMs);
      }
      const medianOf = (pick: (run: Run) => number): Pair => pairOf((library) => median(runs.get(library)!.map(pick)));
      return { node: runs.get("durable-gen")![0]!.node, replayMs: medianOf((run) => run.replayMs), importMs: medianOf((run) => run.importMs), bareLoopMs: median(bareLoopMs) };
    };
    const row: FirstReplayRow = { operations: plan.firstReplayOperations, processes: plan.firstReplayProcesses, runtimes: [measure(process.execPath)] };
    if (plan.firstReplayOnNode22 && !process.version.startsWith("v22.")) {
      const node22 = node22Path();
      if (typeof node22 === "string") row.runtimes.push(measure(node22));
      else row.missing = node22.missing;
    }
    return row;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The node binary of the npm package node@22 (fetched by npx unless cached), or why there is none. */
function node22Path(): string | { missing: string } {
  try {
    return execFileSync("npx", ["-y", "node@22", "-p", "process.execPath"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 }).trim();
  } catch (error) {
    return { missing: `npx -y node@22 did not run: ${(error as Error).message.split("\n")[0]}` };
  }
}
