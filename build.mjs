// Builds the package with esbuild and tsc. `node build.mjs --lib` builds the package entries (dist/index.mjs|cjs,
// dist/testing.mjs|cjs, their declarations in dist/types) and the `durable` CLI (dist/cli.mjs); `node build.mjs`
// also bundles every sample handler for Lambda with `durable build` (into dist/lambda/NAME/index.mjs);
// `node build.mjs --lambda-outdir=DIR` bundles only those, into DIR/NAME.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync, existsSync, statSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const libOnly = process.argv.includes("--lib");
const lambdaOutdir = process.argv.find((arg) => arg.startsWith("--lambda-outdir="))?.slice("--lambda-outdir=".length);
/** The package entries: package.json "exports" maps "durable-gen" and "durable-gen/SUBPATH" to these outputs. */
const entries = { index: "lib/index.ts", testing: "lib/testing.ts", opentelemetry: "lib/opentelemetry.ts", "eslint-plugin": "lib/eslint-plugin/index.ts" };
// @opentelemetry/api and eslint are optional peer dependencies: the application's copy is used.
const external = ["@aws-sdk/client-lambda", "immer", "tsx", "esbuild", "@opentelemetry/api", "eslint"];
const common = { bundle: true, platform: "node", target: "node22", sourcemap: false, logLevel: "warning", external };

if (lambdaOutdir === undefined) {
  rmSync("dist", { recursive: true, force: true });
  await Promise.all([
    // One ESM build with shared chunks: a workflow module importing "durable-gen", a test importing
    // "durable-gen/testing" and the CLI running them all share one copy of the library.
    build({
      ...common, entryPoints: { ...entries, cli: "lib/cli.ts", worker: "lib/local/worker.ts" }, outdir: "dist", format: "esm",
      splitting: true, chunkNames: "shared-[hash]", outExtension: { ".js": ".mjs" },
    }),
    ...Object.entries(entries).map(([name, entry]) => build({
      ...common, entryPoints: [entry], outfile: `dist/${name}.cjs`, format: "cjs",
      // The local service finds its worker next to the bundle through import.meta.url, which CJS lacks.
      banner: { js: "const __durableImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { "import.meta.url": "__durableImportMetaUrl" },
    })),
    declarations(),
  ]);
}

if (!libOnly) {
  const outdir = lambdaOutdir ?? "dist/lambda";
  for (const file of readdirSync("samples").filter((name) => name.endsWith(".handler.ts"))) {
    const name = file.replace(/\.handler\.ts$/, "");
    execFileSync(process.execPath, ["dist/cli.mjs", "build", join("samples", file), "--outdir", join(outdir, name)], { stdio: "inherit" });
  }
}

/**
 * Declarations from the sources (tsc), with each relative import given the `.js` a consumer's `module: nodenext`
 * requires (`"../dsl/index"` becomes `"../dsl/index.js"`); other resolutions accept that form too.
 */
async function declarations() {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
  for (const file of declarationFiles("dist/types")) {
    const text = readFileSync(file, "utf8").replace(/((?:from|import)\s*\(?\s*")(\.\.?\/[^"]*)(")/g, (_, before, specifier, after) => {
      const target = resolve(dirname(file), specifier);
      const withExtension = existsSync(`${target}.d.ts`) ? `${specifier}.js` : existsSync(join(target, "index.d.ts")) ? `${specifier}/index.js` : undefined;
      if (withExtension === undefined) throw new Error(`${file}: cannot find the declarations of ${specifier}`);
      return `${before}${withExtension}${after}`;
    });
    writeFileSync(file, text);
  }
}

function declarationFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? declarationFiles(path) : path.endsWith(".d.ts") ? [path] : [];
  });
}
