import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "esbuild";

/** Every module an entry loads, as esbuild resolves its imports (packages kept external, as the package ships). */
async function importGraph(entry: string): Promise<{ inputs: string[]; packages: string[] }> {
  const result = await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", write: false, metafile: true, logLevel: "silent", packages: "external" });
  const inputs = Object.keys(result.metafile.inputs);
  const packages = [...new Set(Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((item) => item.external).map((item) => item.path)))];
  return { inputs, packages };
}

test("the package's main entry loads nothing of OpenTelemetry; the durable-gen/opentelemetry entry does, as its only extra package", async () => {
  const main = await importGraph("lib/index.ts");
  assert.not.ok(main.packages.some((name) => name.startsWith("@opentelemetry/")), `main entry imports ${main.packages.join(", ")}`);
  assert.not.ok(main.inputs.some((file) => file.includes("plugins/opentelemetry")));
  const otel = await importGraph("lib/opentelemetry.ts");
  assert.ok(otel.packages.includes("@opentelemetry/api"));
  assert.equal(otel.packages.filter((name) => !name.startsWith("node:")), ["@opentelemetry/api"]);
});

test.run();
