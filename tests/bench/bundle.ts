// The Lambda bundle of a one-step handler for each library, built by `durable build` (lib/cli/build.ts: minified
// ESM for Node 22), both ways: client-lambda inside (the default), and left to the runtime's copy
// (--runtime-sdk, found here in this repository's node_modules as Lambda's runtime has its own); and its cold
// start: a fresh node process that loads the bundle and serves the first invocation against the in-memory
// service (median over the processes).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { bundleHandler } from "../../lib/cli/build";
import { bundleProcessScript } from "./process-script";
import { inTurn, LIBRARIES, median, pairOf, type Library, type Pair, type Plan } from "./measure";

export interface BundleWay {
  bytes: Pair;
  gzipBytes: Pair;
  /** From the start of the node process to the first invocation's answer. */
  coldStartMs: Pair;
  /** From importing the bundle to the first invocation's answer. */
  loadAndServeMs: Pair;
}

/** The default way (client-lambda bundled), and `runtimeSdk`: client-lambda from the runtime. */
export interface BundleRow extends BundleWay {
  runtimeSdk: BundleWay;
  processes: number;
}

const HANDLERS: Record<Library, string> = { "durable-gen": "tests/bench/handlers/durable-gen.ts", official: "tests/bench/handlers/official.ts" };

export async function bundleScenario(plan: Plan): Promise<BundleRow> {
  const directory = mkdtempSync(join(tmpdir(), "durable-gen-bench-"));
  try {
    // Where a --runtime-sdk bundle finds client-lambda, as it finds the runtime's copy on Lambda.
    symlinkSync(resolve("node_modules"), join(directory, "node_modules"));
    const driver = await bundleProcessScript("tests/bench/cold-start-process.ts", directory);
    const bundled = await measureWay(plan, driver, join(directory, "bundled"), false);
    const runtimeSdk = await measureWay(plan, driver, join(directory, "runtime-sdk"), true);
    return { ...bundled, runtimeSdk, processes: plan.coldStartProcesses };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function measureWay(plan: Plan, driver: string, directory: string, runtimeSdk: boolean): Promise<BundleWay> {
  const bundles = new Map<Library, string>();
  for (const library of LIBRARIES) {
    const { file } = await bundleHandler(HANDLERS[library], join(directory, library), { zip: false, runtimeSdk });
    bundles.set(library, file);
  }
  const runs = new Map<Library, { sinceProcessStartMs: number; loadAndServeMs: number }[]>([["durable-gen", []], ["official", []]]);
  for (let round = 0; round < plan.coldStartProcesses; round++) {
    for (const library of inTurn(round)) runs.get(library)!.push(JSON.parse(execFileSync(process.execPath, [driver, bundles.get(library)!], { encoding: "utf8" }).trim().split("\n").at(-1)!));
  }
  const size = (library: Library) => statSync(bundles.get(library)!).size;
  const gzipped = (library: Library) => gzipSync(readFileSync(bundles.get(library)!)).length;
  const medianOf = (pick: (run: { sinceProcessStartMs: number; loadAndServeMs: number }) => number): Pair => pairOf((library) => median(runs.get(library)!.map(pick)));
  return {
    bytes: pairOf(size),
    gzipBytes: pairOf(gzipped),
    coldStartMs: medianOf((run) => run.sinceProcessStartMs),
    loadAndServeMs: medianOf((run) => run.loadAndServeMs),
  };
}
