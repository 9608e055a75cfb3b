// The Lambda bundle of a one-step handler for each library, built with the options build.mjs uses for Lambda
// bundles (minified ESM for Node 22, client-lambda inside), and its cold start: a fresh node process that loads
// the bundle and serves the first invocation against the in-memory service (median over the processes).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bundleProcessScript } from "./process-script";
import { inTurn, LIBRARIES, median, pairOf, type Library, type Pair, type Plan } from "./measure";

export interface BundleRow {
  bytes: Pair;
  gzipBytes: Pair;
  /** From the start of the node process to the first invocation's answer. */
  coldStartMs: Pair;
  /** From importing the bundle to the first invocation's answer. */
  loadAndServeMs: Pair;
  processes: number;
}

const HANDLERS: Record<Library, string> = { "durable-gen": "tests/bench/handlers/durable-gen.ts", official: "tests/bench/handlers/official.ts" };

/** As build.mjs builds samples/*.handler.ts into dist/lambda (kept in step with it by hand). */
const lambdaBundle = {
  bundle: true,
  platform: "node",
  target: "node22",
  sourcemap: false,
  logLevel: "warning",
  format: "esm",
  minify: true,
  // An ESM bundle of the AWS SDK calls require() for Node built-ins; give it one.
  banner: { js: "import { createRequire as __durableCreateRequire } from 'node:module'; const require = __durableCreateRequire(import.meta.url);" },
} as const;

export async function bundleScenario(plan: Plan): Promise<BundleRow> {
  const directory = mkdtempSync(join(tmpdir(), "durable-gen-bench-"));
  try {
    const bundles = new Map<Library, string>();
    for (const library of LIBRARIES) {
      const outfile = join(directory, library, "index.mjs");
      await build({ ...lambdaBundle, entryPoints: [HANDLERS[library]], outfile });
      bundles.set(library, outfile);
    }
    const driver = await bundleProcessScript("tests/bench/cold-start-process.ts", directory);
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
      processes: plan.coldStartProcesses,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
