import { ESLint } from "eslint";
import { test } from "uvu";
import * as assert from "uvu/assert";
import durable from "../../lib/eslint-plugin/index";
import { stripTypes } from "./strip-types";

const root = new URL("../..", import.meta.url).pathname;

function linter(): ESLint {
  return new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.ts"], processor: stripTypes }, durable.configs.recommended],
  });
}

test("the samples pass the recommended rules", async () => {
  const results = await linter().lintFiles(["samples/**/*.ts"]);
  assert.ok(results.length >= 10, `linted ${results.length} sample files`);
  const problems = results.flatMap((result) => result.messages.map((message) => `${result.filePath}:${message.line}:${message.column} ${message.ruleId ?? "parse"}: ${message.message}`));
  assert.equal(problems, []);
});

test("the same setup reports a sample-like file that breaks the rules, at its lines in the .ts file", async () => {
  const source = `import { step, workflow } from "durable-gen";\n\nexport const bad = workflow("bad", function* (input: { id: string }) {\n  const at: number = Date.now();\n  step("forgotten", () => at);\n  return input.id as string;\n});\n`;
  const [result] = await linter().lintText(source, { filePath: `${root}samples/bad.ts` });
  assert.equal(result!.messages.map((message) => [message.ruleId, message.line, message.column]), [
    ["durable/no-nondeterminism", 4, 22],
    ["durable/no-unyielded-operation", 5, 3],
  ]);
});

test("recommended turns every rule on, as errors, under the plugin's namespace", () => {
  const names = Object.keys(durable.rules ?? {});
  assert.equal(names.length, 6);
  assert.equal(durable.configs.recommended.rules, Object.fromEntries(names.map((name) => [`durable/${name}`, "error"])));
  assert.is(durable.configs.recommended.plugins?.durable, durable);
  for (const name of names) assert.ok(durable.rules?.[name]?.meta?.docs?.description, `${name} has a description`);
});

test.run();
