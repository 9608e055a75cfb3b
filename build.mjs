// Bundles with esbuild. `node build.mjs --lib` builds the package entry (dist/index.mjs and dist/index.cjs, for
// `import` / `require("durable-gen")` from plain Node) and the `durable` CLI (dist/cli.mjs); `node build.mjs` also builds one zip-ready Lambda bundle
// per sample handler (client-lambda included: the runtime's copy may predate the durable APIs) and prints sizes;
// `node build.mjs --lambda-outdir=DIR` builds only those bundles, into DIR instead of dist/lambda.
import { build } from "esbuild";
import { readdirSync, statSync, mkdirSync } from "node:fs";
import { join, resolve, sep } from "node:path";

const libOnly = process.argv.includes("--lib");
const lambdaOutdir = process.argv.find((arg) => arg.startsWith("--lambda-outdir="))?.slice("--lambda-outdir=".length);
const external = ["@aws-sdk/client-lambda", "immer"];
/**
 * The CLI uses the package entry (dist/index.mjs) instead of a copy of its own, so a workflow module that imports
 * "durable-gen" and the CLI that runs it share one copy of the library.
 */
const libraryFromPackageEntry = {
  name: "library-from-package-entry",
  setup(builder) {
    const cli = resolve("lib/cli");
    builder.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      if (args.importer.startsWith(cli) && !target.startsWith(cli + sep) && target !== cli) return { path: "./index.mjs", external: true };
      return undefined;
    });
  },
};

const common = { bundle: true, platform: "node", target: "node22", sourcemap: false, logLevel: "warning" };

if (lambdaOutdir === undefined) await Promise.all([
  build({ ...common, entryPoints: ["lib/index.ts"], outfile: "dist/index.mjs", format: "esm", external }),
  build({
    ...common, entryPoints: ["lib/index.ts"], outfile: "dist/index.cjs", format: "cjs", external,
    // The local service finds its worker next to the bundle through import.meta.url, which CJS lacks.
    banner: { js: "const __durableImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { "import.meta.url": "__durableImportMetaUrl" },
  }),
  // The CLI loads .ts modules through tsx when it is installed.
  build({ ...common, entryPoints: ["lib/local/worker.ts"], outfile: "dist/worker.mjs", format: "esm", external: [...external, "tsx"] }),
  // durable-gen/eslint-plugin (issue 18): the rules import nothing at run time, eslint only for its types.
  build({ ...common, entryPoints: ["lib/eslint-plugin/index.ts"], outfile: "dist/eslint-plugin.mjs", format: "esm", external: ["eslint"] }),
  build({ ...common, entryPoints: ["lib/eslint-plugin/index.ts"], outfile: "dist/eslint-plugin.cjs", format: "cjs", external: ["eslint"] }),
  build({ ...common, entryPoints: ["lib/cli.ts"], outfile: "dist/cli.mjs", format: "esm", external: [...external, "tsx"], banner: { js: "#!/usr/bin/env node" }, plugins: [libraryFromPackageEntry] }),
]);

if (!libOnly) {
  const handlers = readdirSync("samples").filter((file) => file.endsWith(".handler.ts"));
  const outdir = lambdaOutdir ?? "dist/lambda";
  mkdirSync(outdir, { recursive: true });
  for (const file of handlers) {
    const name = file.replace(/\.handler\.ts$/, "");
    const outfile = join(outdir, name, "index.mjs");
    await build({
      ...common,
      entryPoints: [join("samples", file)],
      outfile,
      format: "esm",
      minify: true,
      // An ESM bundle of the AWS SDK calls require() for Node built-ins; give it one.
      banner: { js: "import { createRequire as __durableCreateRequire } from 'node:module'; const require = __durableCreateRequire(import.meta.url);" },
    });
    console.log(`${outfile}  ${(statSync(outfile).size / 1024).toFixed(1)} KiB`);
  }
}
