import { parseArgs } from "node:util";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
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
 * Imported first by a --runtime-sdk bundle: a runtime whose client-lambda predates durable functions would
 * otherwise fail on the first checkpoint with a message that does not say why.
 */
const RUNTIME_SDK_CHECK = `import * as lambda from "@aws-sdk/client-lambda";
if (typeof lambda.CheckpointDurableExecutionCommand !== "function") {
  let version = "unknown";
  try { version = require("@aws-sdk/client-lambda/package.json").version; } catch {}
  throw new Error("durable-gen: this runtime's @aws-sdk/client-lambda " + version + " has no durable-execution commands (CheckpointDurableExecutionCommand); build without --runtime-sdk to bundle a recent one");
}`;

export interface LambdaBundle {
  readonly file: string;
  readonly bytes: number;
  readonly zip: string | undefined;
}

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
    ...(options.runtimeSdk
      ? {
        external: ["@aws-sdk/client-lambda"],
        stdin: { contents: `import "durable-gen:runtime-sdk-check";\nexport * from ${JSON.stringify(file)};`, resolveDir: process.cwd(), loader: "js" },
        plugins: [{
          name: "runtime-sdk-check",
          setup(builder) {
            builder.onResolve({ filter: /^durable-gen:runtime-sdk-check$/ }, () => ({ path: "runtime-sdk-check", namespace: "durable-gen" }));
            builder.onLoad({ filter: /.*/, namespace: "durable-gen" }, () => ({ contents: RUNTIME_SDK_CHECK, loader: "js", resolveDir: process.cwd() }));
          },
        }],
      }
      : { entryPoints: [file] }),
  }).catch((error: { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
    const first = error.errors?.[0];
    throw new UsageError(`cannot bundle ${entry}: ${first === undefined ? String(error) : `${first.text}${first.location ? ` (${first.location.file}:${first.location.line})` : ""}`}`);
  });
  const zip = options.zip ? `${outdir.replace(/[\\/]+$/, "")}.zip` : undefined;
  if (zip !== undefined) writeFileSync(zip, zipFiles([{ name: "index.mjs", data: readFileSync(outfile) }]));
  return { file: outfile, bytes: statSync(outfile).size, zip };
}
