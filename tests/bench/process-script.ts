// The bench's child processes run bundles of their scripts (esbuild, plain JS, not minified), built once per
// bench into a temporary folder: without tsx, whose transform wraps every function of durable-gen in a
// keep-names helper that production bundles don't have (the official SDK comes as plain JS and has none either),
// and without the TypeScript loader's start-up in every process.
import { build } from "esbuild";
import { join } from "node:path";

export async function bundleProcessScript(entry: string, directory: string): Promise<string> {
  const outfile = join(directory, entry.replace(/^.*\//, "").replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "warning",
    // An ESM bundle of the AWS SDK calls require() for Node built-ins; give it one.
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
  });
  return outfile;
}
