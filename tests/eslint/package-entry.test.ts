// The plugin as users get it: the package entry durable-gen/eslint-plugin (dist/, built by `node build.mjs --lib`,
// which npm ci runs), through import and require.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRequire } from "node:module";
import { ESLint, type Linter } from "eslint";

test("durable-gen/eslint-plugin: import and require give the plugin, whose recommended config lints", async () => {
  const imported = (await import("durable-gen/eslint-plugin")).default as { rules: Record<string, unknown>; configs: { recommended: Linter.Config } };
  const required = createRequire(import.meta.url)("durable-gen/eslint-plugin") as { rules: Record<string, unknown>; configs: { recommended: Linter.Config } };
  assert.equal(Object.keys(imported.rules), Object.keys(required.rules));
  assert.is(Object.keys(imported.rules).length, 6);
  for (const plugin of [imported, required]) {
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
    const [result] = await eslint.lintText(`import { step, workflow } from "durable-gen";\nexport async function main() { await step("s", () => 1); }\n`, { filePath: "w.js" });
    assert.equal(result!.messages.map((message) => message.ruleId), ["durable/no-await-operation"]);
  }
});

test.run();
