// The consumer matrix: the packed package installed into fresh projects, each type-checking and running the same
// user workflow (fixtures/workflow.ts, whose @ts-expect-error lines must all be errors) under another setup a
// user may have. TypeScript 7, tsx, esbuild and @types/node are linked in from this repository's devDependencies;
// the package and its dependencies come from `npm install <tarball>`, with TypeScript 5 beside them (as
// "typescript5": an alias among this repository's devDependencies would take over its `tsc` command).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp-dir";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(import.meta.dirname, "fixtures");
const tools = ["typescript", "tsx", "esbuild", "@types"];
const expected = JSON.stringify({
  status: "SUCCEEDED",
  result: {
    total: 1600, placed: "2026-01-01T00:00:00.000Z", receipts: [{ sku: "tea", cents: 700 }, { sku: "cup", cents: 900 }], count: 2,
    label: "order o-1", fee: 32, logged: true, approved: true, polls: 2, a: 1, b: "b", recovered: "Error",
  },
});
const expectedJs = JSON.stringify({ status: "SUCCEEDED", result: "HELLO ADA" });

interface Setup {
  readonly name: string;
  readonly type: "module" | "commonjs";
  /** The compiler, or none for plain JavaScript. */
  readonly tsc?: "typescript" | "typescript5";
  /** A tsconfig.json, or "init" for what that compiler's `tsc --init` writes. */
  readonly tsconfig?: Record<string, unknown> | "init";
  /** How the checked workflow runs: its compiled output (default), through tsx, or a JavaScript file as it is. */
  readonly run: { readonly compiled: string } | { readonly tsx: string } | { readonly js: string };
}

const strictExtras = {
  strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noPropertyAccessFromIndexSignature: true,
  noImplicitOverride: true, noUnusedLocals: true, noUnusedParameters: true, noImplicitReturns: true, skipLibCheck: false,
};
const setups: readonly Setup[] = [
  { name: "TS 7, tsc --init defaults (nodenext, ESM)", type: "module", tsc: "typescript", tsconfig: "init", run: { compiled: "workflow.js" } },
  { name: "TS 7, module nodenext, ESM", type: "module", tsc: "typescript", tsconfig: { module: "nodenext", target: "es2022", strict: true, types: ["node"], outDir: "out" }, run: { compiled: "out/workflow.js" } },
  { name: "TS 7, module nodenext, CommonJS", type: "commonjs", tsc: "typescript", tsconfig: { module: "nodenext", target: "es2022", strict: true, types: ["node"], outDir: "out" }, run: { compiled: "out/workflow.js" } },
  { name: "TS 7, moduleResolution bundler (run by tsx)", type: "module", tsc: "typescript", tsconfig: { module: "preserve", moduleResolution: "bundler", target: "es2022", strict: true, types: ["node"], noEmit: true }, run: { tsx: "workflow.ts" } },
  { name: "TS 7, strict extras, skipLibCheck off", type: "module", tsc: "typescript", tsconfig: { module: "nodenext", target: "es2022", types: ["node"], outDir: "out", ...strictExtras }, run: { compiled: "out/workflow.js" } },
  { name: "TS 5, tsc --init defaults", type: "module", tsc: "typescript5", tsconfig: "init", run: { compiled: "workflow.js" } },
  { name: "TS 5, module commonjs, moduleResolution node10", type: "commonjs", tsc: "typescript5", tsconfig: { module: "commonjs", moduleResolution: "node10", target: "es2022", strict: true, esModuleInterop: true, outDir: "out" }, run: { compiled: "out/workflow.js" } },
  { name: "TS 5, module nodenext, strict extras", type: "module", tsc: "typescript5", tsconfig: { module: "nodenext", target: "es2022", types: ["node"], outDir: "out", ...strictExtras }, run: { compiled: "out/workflow.js" } },
  { name: "JavaScript, ESM", type: "module", run: { js: "workflow.mjs" } },
  { name: "JavaScript, CommonJS", type: "commonjs", run: { js: "workflow.cjs" } },
];

let app = "";
const table: string[] = [];

test.before(() => {
  if (!existsSync(join(root, "dist/index.mjs")) || !existsSync(join(root, "dist/types/lib/index.d.ts"))) {
    execFileSync(process.execPath, ["build.mjs", "--lib"], { cwd: root, stdio: "inherit" });
  }
  const work = tempDir("durable-consumer-");
  // dist/ is built (npm test's pretest); packing without scripts leaves it as the rest of the suite uses it.
  const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" })) as { filename: string; entryCount: number; size: number }[];
  table.push(`tarball: ${packed[0]!.entryCount} files, ${(packed[0]!.size / 1024).toFixed(1)} KiB`);
  app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer-app", private: true }));
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error", join(work, packed[0]!.filename), "typescript5@npm:typescript@5"], { cwd: app, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  for (const tool of tools) symlinkSync(join(root, "node_modules", tool), join(app, "node_modules", tool));
  const version = (tsc: string) => execFileSync(process.execPath, [join(app, "node_modules", tsc, "bin", "tsc"), "--version"], { encoding: "utf8" }).trim();
  table.push(`typescript: ${version("typescript")}; typescript5: ${version("typescript5")}`);
});

test.after(() => {
  console.log(`\nconsumer matrix\n${table.join("\n")}`);
  if (app !== "") rmSync(join(app, ".."), { recursive: true, force: true });
});

test("the tarball holds only what a user needs, and installing it ran no build", () => {
  const installed = join(app, "node_modules", "durable-gen");
  const top = readdirSync(installed).sort();
  assert.equal(top, ["LICENSE", "README.md", "dist", "package.json"]);
  assert.ok(readdirSync(join(installed, "dist")).every((file) => file === "types" || /\.(mjs|cjs)$/.test(file)), "dist holds the bundles and the declarations only");
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { version: string; scripts?: Record<string, string>; exports: Record<string, unknown> };
  assert.not.ok(["prepare", "install", "postinstall", "preinstall"].some((script) => manifest.scripts?.[script] !== undefined));
  assert.ok(manifest.exports["./package.json"] !== undefined);
  const version = execFileSync(process.execPath, ["-e", `console.log(require("durable-gen/package.json").version)`], { cwd: app, encoding: "utf8" }).trim();
  assert.is(version, manifest.version);
});

for (const setup of setups) {
  test(setup.name, () => {
    const dir = join(app, `setup-${setups.indexOf(setup)}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `setup-${setups.indexOf(setup)}`, private: true, type: setup.type }));
    let errors = 0;
    let output = "";
    if (setup.tsc !== undefined) {
      copyFileSync(join(fixtures, "workflow.ts"), join(dir, "workflow.ts"));
      const tsc = join(app, "node_modules", setup.tsc, "bin", "tsc");
      if (setup.tsconfig === "init") execFileSync(process.execPath, [tsc, "--init"], { cwd: dir, stdio: "ignore" });
      else writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: setup.tsconfig, include: ["workflow.ts"] }, null, 2));
      // Not pretty: colours (FORCE_COLOR) would split "error TS..." and hide errors from the count.
      const checked = spawnSync(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: dir, encoding: "utf8" });
      output = `${checked.stdout}${checked.stderr}`;
      errors = output.match(/error TS\d+/g)?.length ?? 0;
      table.push(`${setup.name.padEnd(52)} ${errors} errors`);
      assert.is(errors, 0, `${setup.name}: tsc reported\n${output}`);
      assert.is(checked.status, 0, `${setup.name}: tsc exited ${checked.status}\n${output}`);
    } else {
      copyFileSync(join(fixtures, (setup.run as { js: string }).js), join(dir, (setup.run as { js: string }).js));
      table.push(`${setup.name.padEnd(52)} (no type check)`);
    }
    const args = "compiled" in setup.run ? [setup.run.compiled] : "tsx" in setup.run ? ["--import", "tsx", setup.run.tsx] : [setup.run.js];
    const ran = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", timeout: 60_000 });
    assert.is(ran.status, 0, `${setup.name}: the workflow did not run\n${ran.stdout}${ran.stderr}`);
    assert.is(ran.stdout.trim().split("\n").at(-1), setup.tsc === undefined ? expectedJs : expected);
  });
}

test("npx durable --help works from the installed bin, and durable build bundles a user's one-step handler", () => {
  const help = spawnSync("npx", ["--no-install", "durable", "--help"], { cwd: app, encoding: "utf8", timeout: 60_000 });
  assert.is(help.status, 0, help.stderr);
  for (const command of ["durable run", "durable serve", "durable start", "durable callback", "durable build"]) assert.ok(help.stdout.includes(command), `--help mentions ${command}`);
  assert.not.match(help.stderr, /NodeVersionSupportWarning/);
  copyFileSync(join(fixtures, "handler.ts"), join(app, "handler.ts"));
  const built = spawnSync("npx", ["--no-install", "durable", "build", "handler.ts", "--zip"], { cwd: app, encoding: "utf8", timeout: 120_000 });
  assert.is(built.status, 0, `${built.stdout}${built.stderr}`);
  assert.match(built.stdout, /dist[\\/]lambda[\\/]handler[\\/]index\.mjs\s+[\d.]+ KiB/);
  assert.is(readFileSync(join(app, "dist/lambda/handler.zip")).readUInt32LE(0), 0x04034b50, "a zip archive");
  const lean = spawnSync("npx", ["--no-install", "durable", "build", "handler.ts", "--runtime-sdk", "--outdir", "dist/lean"], { cwd: app, encoding: "utf8", timeout: 120_000 });
  assert.is(lean.status, 0, `${lean.stdout}${lean.stderr}`);
  const load = (dir: string) => spawnSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(join(dir, "index.mjs"))}); console.log(typeof m.handler);`], { cwd: dir, encoding: "utf8" });
  const loaded = load(join(app, "dist/lean"));
  assert.is(loaded.stdout.trim(), "function", `the --runtime-sdk bundle loads where client-lambda has the durable commands\n${loaded.stderr}`);
  // A runtime whose client-lambda predates durable functions: the bundle fails at cold start, naming its version.
  const old = join(app, "old-runtime");
  mkdirSync(join(old, "node_modules/@aws-sdk/client-lambda"), { recursive: true });
  writeFileSync(join(old, "node_modules/@aws-sdk/client-lambda/package.json"), JSON.stringify({ name: "@aws-sdk/client-lambda", version: "3.500.0", main: "index.js" }));
  writeFileSync(join(old, "node_modules/@aws-sdk/client-lambda/index.js"), "exports.LambdaClient = class LambdaClient {};");
  copyFileSync(join(app, "dist/lean/index.mjs"), join(old, "index.mjs"));
  const failed = load(old);
  assert.is.not(failed.status, 0);
  assert.match(failed.stderr, /client-lambda 3\.500\.0 has no durable-execution commands/);
  table.push(`durable build, one-step handler: ${built.stdout.trim().split("\n").join("; ")}`);
  table.push(`durable build --runtime-sdk:     ${lean.stdout.trim()}`);
});

test.run();
