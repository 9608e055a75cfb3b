import { parseArgs } from "node:util";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Plugin } from "esbuild";
import { UsageError } from "./load-module";
import { zipFiles } from "./zip";

export const BUILD_HELP = `durable build <handler.ts|.js> [--outdir DIR] [--zip] [--runtime-sdk]

Bundles a Lambda handler module (one that exports handler = durableHandler(...)) for Lambda's Node 22 runtime:
one ESM file DIR/index.mjs (default dist/lambda/<name>), minified, @aws-sdk/client-lambda bundled (the runtime's
own copy may predate the durable-execution API) and a require() for the SDK's Node built-ins. Point SAM's CodeUri
at DIR (Handler: index.handler), or upload DIR.zip made by --zip. Prints the bundle's size.
--runtime-sdk leaves @aws-sdk/client-lambda to the runtime's copy (a smaller bundle); the handler then checks at
cold start that this copy has the durable-execution commands and fails naming its version when it has not.
Needs esbuild (npm install --save-dev esbuild).`;

/** The require() an ESM bundle of the AWS SDK calls for Node's built-in modules. */
const REQUIRE_BANNER = "import { createRequire as __durableCreateRequire } from 'node:module'; const require = __durableCreateRequire(import.meta.url);";

/**
 * What a --runtime-sdk bundle gets for "@aws-sdk/client-lambda": the runtime's copy, required (not imported, so
 * that a copy without the durable commands fails here with its version rather than at link time with a
 * missing export), checked once at cold start.
 */
const RUNTIME_SDK = `const lambda = require("@aws-sdk/client-lambda");
if (typeof lambda.CheckpointDurableExecutionCommand !== "function") {
  let version = "unknown";
  try { version = require("@aws-sdk/client-lambda/package.json").version; } catch {}
  throw new Error("durable-gen: this runtime's @aws-sdk/client-lambda " + version + " has no durable-execution commands (CheckpointDurableExecutionCommand); build without --runtime-sdk to bundle a recent one");
}
module.exports = lambda;`;

export interface LambdaBundle {
  readonly file: string;
  readonly bytes: number;
  readonly zip: string | undefined;
}

const runtimeSdk: Plugin = {
  name: "runtime-sdk",
  setup(builder) {
    builder.onResolve({ filter: /^@aws-sdk\/client-lambda(\/package\.json)?$/ }, (args) =>
      args.namespace === "durable-gen" ? { path: args.path, external: true } : { path: "client-lambda", namespace: "durable-gen" });
    builder.onLoad({ filter: /.*/, namespace: "durable-gen" }, () => ({ contents: RUNTIME_SDK, loader: "js", resolveDir: process.cwd() }));
  },
};

export async function buildCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { outdir: { type: "string" }, zip: { type: "boolean" }, "runtime-sdk": { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) return write(BUILD_HELP), 0;
  if (positionals.length !== 1) throw new UsageError(`durable build takes one handler module, got ${positionals.length}\n\n${BUILD_HELP}`);
  const entry = positionals[0]!;
  const outdir = values.outdir ?? join("dist", "lambda", basename(entry).replace(/(\.handler)?\.[cm]?[jt]sx?$/, ""));
  const bundle = await bundleHandler(entry, outdir, { zip: values.zip === true, runtimeSdk: values["runtime-sdk"] === true });
  write(`${bundle.file}  ${(bundle.bytes / 1024).toFixed(1)} KiB${values["runtime-sdk"] ? " (client-lambda from the runtime)" : ""}`);
  if (bundle.zip !== undefined) write(`${bundle.zip}  ${(statSync(bundle.zip).size / 1024).toFixed(1)} KiB zipped`);
  return 0;
}

/** Bundles `entry` into `outdir/index.mjs` (and `outdir.zip`), as `durable build` does. */
export async function bundleHandler(entry: string, outdir: string, options: { zip: boolean; runtimeSdk: boolean }): Promise<LambdaBundle> {
  const file = resolve(entry);
  if (!existsSync(file)) throw new UsageError(`cannot find handler module ${entry} (looked at ${file})`);
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new UsageError("durable build needs esbuild: npm install --save-dev esbuild");
  }
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, "index.mjs");
  await esbuild.build({
    bundle: true, platform: "node", target: "node22", format: "esm", minify: true, logLevel: "silent", outfile,
    banner: { js: REQUIRE_BANNER },
    entryPoints: [file],
    plugins: options.runtimeSdk ? [runtimeSdk] : [],
  }).catch((error: { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
    const first = error.errors?.[0];
    throw new UsageError(`cannot bundle ${entry}: ${first === undefined ? String(error) : `${first.text}${first.location ? ` (${first.location.file}:${first.location.line})` : ""}`}`);
  });
  const zip = options.zip ? `${outdir.replace(/[\\/]+$/, "")}.zip` : undefined;
  if (zip !== undefined) writeFileSync(zip, zipFiles([{ name: "index.mjs", data: readFileSync(outfile) }]));
  return { file: outfile, bytes: statSync(outfile).size, zip };
}
