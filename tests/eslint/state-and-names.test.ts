import { deterministicNames } from "../../lib/eslint-plugin/rules/deterministic-names";
import { noWorkflowStateInStep } from "../../lib/eslint-plugin/rules/no-workflow-state-in-step";
import { IMPORTS, ruleTester, test } from "./rule-tester";

const code = (body: string) => `${IMPORTS}export const w = workflow("w", function* (input) {\n${body}\n});`;

ruleTester.run("no-workflow-state-in-step", noWorkflowStateInStep, {
  valid: [
    { name: "the step returns the value", code: code(`let total = 0;\ntotal = yield* step("price", () => input.items.length);`) },
    { name: "the step's own variables", code: code(`yield* step("s", () => { let n = 0; n++; const list = []; list.push(n); return list; });`) },
    { name: "module state (a lazily made client)", code: `${IMPORTS}let client;\nexport const w = workflow("w", function* () { return yield* step("s", () => { client ??= {}; return 1; }); });` },
    { name: "assignments in the workflow body itself", code: code(`let n = 0;\nn += 1;\nconst seen = [];\nseen.push(n);`) },
  ],
  invalid: [
    { name: "an assignment to a body variable", code: code(`let total = 0;\nyield* step("price", () => { total = 42; });`), errors: [{ messageId: "changed", data: { name: "total" } }] },
    { name: "an increment, a compound assignment and a push", code: code(`let attempts = 0;\nconst log = [];\nyield* step("s", () => { attempts++; attempts += 2; log.push("ran"); });`), errors: [{ data: { name: "attempts" } }, { data: { name: "attempts" } }, { data: { name: "log" } }].map((e) => ({ messageId: "changed", ...e })) },
    { name: "a property of the input, in a condition check and a callback submitter", code: code(`yield* waitForCondition("c", (s) => { input.checked = true; return s; }, { initialState: 0, wait: () => ({ continue: false }) });\nyield* waitForCallback("cb", (id) => { input.callbackId = id; });`), errors: [{ data: { name: "input" } }, { data: { name: "input" } }].map((e) => ({ messageId: "changed", ...e })) },
    { name: "a variable of an enclosing child body, from a step in a map item", code: code(`yield* child("c", function* () {\n  const state = new Map();\n  yield* map("m", input.items, function* (item) { yield* step("s", () => state.set(item, 1)); });\n});`), errors: [{ messageId: "changed", data: { name: "state" } }] },
    { name: "a step function declared under a name", code: code(`let id;\nconst charge = () => { id = "ch-1"; };\nyield* step("charge", charge);`), errors: [{ messageId: "changed", data: { name: "id" } }] },
  ],
});

ruleTester.run("deterministic-names", deterministicNames, {
  valid: [
    { name: "constants, input, items and step results", code: code(`const id = yield* step("id", () => "x");\nyield* step(\`charge-\${input.id}\`, () => 1);\nyield* map("m", input.items, function* (item) { return yield* step(\`reserve-\${item.sku}\`, () => 1); });\nyield* wait(\`after-\${id}\`, 1);`) },
    { name: "a module-level constant", code: `${IMPORTS}const PREFIX = "v2";\nexport const w = workflow(\`order-\${PREFIX}\`, function* () {});` },
    { name: "the unnamed combinator form", code: code(`yield* all([step("a", () => 1)]);`) },
    { name: "a loop counter of the body", code: code(`for (let i = 0; i < 3; i++) yield* step(\`poll-\${i}\`, () => i);`) },
  ],
  invalid: [
    { name: "a name from the clock", code: code(`yield* step(\`charge-\${Date.now()}\`, () => 1);`), errors: [{ messageId: "changing", data: { builder: "step", what: "Date.now()" } }] },
    { name: "a workflow named at random", code: `${IMPORTS}export const w = workflow("w-" + Math.random(), function* () {});`, errors: [{ messageId: "changing", data: { builder: "workflow", what: "Math.random()" } }] },
    {
      name: "a module-level counter",
      code: `${IMPORTS}let calls = 0;\nexport const w = workflow("w", function* () { yield* wait(\`pause-\${calls}\`, 1); });`,
      errors: [{ messageId: "changing", data: { builder: "wait", what: "`calls`, a module-level let (module state outlives the execution: it carries over between invocations in a warm Lambda sandbox and starts over in a new one)" } }],
    },
    { name: "a variable holding a random id", code: `import { randomUUID } from "node:crypto";\n${code(`const key = randomUUID();\nyield* invoke(\`bill-\${key}\`, "billing");`)}`, errors: [{ messageId: "changing", data: { builder: "invoke", what: "`key`, which holds crypto.randomUUID()" } }] },
    { name: "an increment in a child's name", code: code(`let n = 0;\nyield* child(\`c-\${n++}\`, function* () {});`), errors: [{ messageId: "changing", data: { builder: "child", what: "an assignment" } }] },
  ],
});

test.run();
