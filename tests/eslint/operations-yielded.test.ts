import { noAwaitOperation } from "../../lib/eslint-plugin/rules/no-await-operation";
import { noUnyieldedOperation } from "../../lib/eslint-plugin/rules/no-unyielded-operation";
import { requireYieldStar } from "../../lib/eslint-plugin/rules/require-yield-star";
import { IMPORTS, ruleTester, test } from "./rule-tester";

const code = (body: string) => `${IMPORTS}export const w = workflow("w", function* (input) {\n${body}\n});`;

ruleTester.run("no-unyielded-operation", noUnyieldedOperation, {
  valid: [
    { name: "yielded with yield*", code: code(`yield* step("s", () => 1);\nconst r = yield* wait("w", 1);`) },
    { name: "kept in a variable, passed to a combinator or a saga's compensate", code: code(`const a = step("a", () => 1);\nyield* all("both", [a, step("b", () => 2)]);\nscope.compensate(step("undo", () => 0));`) },
    { name: "a function of another package named step", code: `import { step } from "./local";\nstep("x");` },
  ],
  invalid: [
    {
      name: "a bare step statement in a workflow body",
      code: code(`step("charge", () => 1);`),
      errors: [{ messageId: "unyielded", data: { builder: "step" }, suggestions: [{ messageId: "addYield", data: { builder: "step" }, output: code(`yield* step("charge", () => 1);`) }] }],
    },
    {
      name: "bare wait and map in a child body, through a namespace import",
      code: `import * as d from "durable-gen";\nexport const w = d.workflow("w", function* () {\n  yield* d.child("c", function* () { d.wait("pause", 5); });\n});`,
      errors: [{ messageId: "unyielded", data: { builder: "wait" }, suggestions: [{ messageId: "addYield", data: { builder: "wait" }, output: `import * as d from "durable-gen";\nexport const w = d.workflow("w", function* () {\n  yield* d.child("c", function* () { yield* d.wait("pause", 5); });\n});` }] }],
    },
    {
      name: "outside a generator (no suggestion: yield* is not allowed there)",
      code: `${IMPORTS}function later() { invoke("bill", "billing-fn", {}); }`,
      errors: [{ messageId: "unyielded", data: { builder: "invoke" }, suggestions: [] }],
    },
    {
      name: "void step(...) discards it too",
      code: code(`void step("s", () => 1);`),
      errors: [{ messageId: "unyielded", data: { builder: "step" }, suggestions: [] }],
    },
  ],
});

ruleTester.run("require-yield-star", requireYieldStar, {
  valid: [
    { name: "yield*", code: code(`const n = yield* step("s", () => 1);`) },
    { name: "yield of a descriptor held in a variable is left alone (as in a saga's undo loop)", code: code(`const undo = step("u", () => 1);\nyield undo;`) },
    { name: "yield of something else", code: `function* numbers() { yield 1; }` },
  ],
  invalid: [
    {
      name: "yield step(...) is fixed to yield*",
      code: code(`const n = yield step("s", () => 1);`),
      output: code(`const n = yield* step("s", () => 1);`),
      errors: [{ messageId: "plainYield", data: { builder: "step" } }],
    },
    {
      name: "yield of a map and of a waitForCallback",
      code: code(`const r = yield map("m", input.items, function* (x) { return x; });\nconst a = yield waitForCallback("approval", () => {});`),
      output: code(`const r = yield* map("m", input.items, function* (x) { return x; });\nconst a = yield* waitForCallback("approval", () => {});`),
      errors: [{ messageId: "plainYield", data: { builder: "map" } }, { messageId: "plainYield", data: { builder: "waitForCallback" } }],
    },
  ],
});

ruleTester.run("no-await-operation", noAwaitOperation, {
  valid: [
    { name: "await inside a step function on a promise", code: code(`yield* step("s", async () => await fetch("http://127.0.0.1/"));`) },
    { name: "await of a function of another package", code: `import { step } from "./steps";\nasync function f() { await step(); }` },
  ],
  invalid: [
    { name: "await step(...) outside a workflow", code: `${IMPORTS}async function main() { const r = await step("s", () => 1); }`, errors: [{ messageId: "awaited", data: { builder: "step" } }] },
    { name: "await inside a step function on an operation", code: code(`yield* step("outer", async () => { await invoke("i", "fn"); });`), errors: [{ messageId: "awaited", data: { builder: "invoke" } }] },
    {
      name: "the message says what to do instead",
      code: `${IMPORTS}async function main() { await wait("w", 1); }`,
      errors: [{ message: "`await wait(...)` gives back the operation's descriptor and runs nothing: an operation is not a promise. In a workflow body (a function*), write `yield* wait(...)`; to run a workflow from ordinary code, use runLocal (durable-gen/testing) or durableHandler." }],
    },
  ],
});

test.run();
