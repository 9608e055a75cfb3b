// Bundles with esbuild. `node build.mjs --lib` builds the package entry (dist/index.mjs and dist/index.cjs, for
// `import` / `require("durable-gen")` from plain Node); `node build.mjs` also builds one zip-ready Lambda bundle
// per sample handler (client-lambda included: the runtime's copy may predate the durable APIs) and prints sizes.
import { build } from "esbuild";
import { readdirSync, statSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const libOnly = process.argv.includes("--lib");
const external = ["@aws-sdk/client-lambda", "immer"];
const common = { bundle: true, platform: "node", target: "node22", sourcemap: false, logLevel: "warning" };

await Promise.all([
  build({ ...common, entryPoints: ["lib/index.ts"], outfile: "dist/index.mjs", format: "esm", external }),
  build({ ...common, entryPoints: ["lib/index.ts"], outfile: "dist/index.cjs", format: "cjs", external }),
]);

if (!libOnly) {
  const handlers = readdirSync("samples").filter((file) => file.endsWith(".handler.ts"));
  mkdirSync("dist/lambda", { recursive: true });
  for (const file of handlers) {
    const name = file.replace(/\.handler\.ts$/, "");
    const outfile = join("dist/lambda", name, "index.mjs");
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
