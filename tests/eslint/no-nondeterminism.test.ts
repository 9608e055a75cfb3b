import { noNondeterminism } from "../../lib/eslint-plugin/rules/no-nondeterminism";
import { IMPORTS, ruleTester, test } from "./rule-tester";

const code = (body: string) => `${IMPORTS}export const w = workflow("w", function* (input) {\n${body}\n});`;

ruleTester.run("no-nondeterminism", noNondeterminism, {
  valid: [
    { name: "time read inside a step", code: code(`const now = yield* step("now", () => Date.now());`) },
    { name: "randomness inside a waitForCallback submitter and a condition check", code: code(`yield* waitForCallback("cb", async (id) => { Math.random(); });\nyield* waitForCondition("c", (s) => ({ t: Date.now() }), { initialState: {}, wait: () => ({ continue: false }) });`) },
    { name: "a step function declared under a name", code: code(`const charge = async () => ({ at: new Date() });\nconst r = yield* step("charge", charge);`) },
    { name: "new Date(value) is deterministic", code: code(`const d = new Date(input.at);`) },
    { name: "a generator in a file that does not use durable-gen", code: `function* ids() { yield Math.random(); }` },
    { name: "module-level code is not replayed", code: `${IMPORTS}const started = Date.now();\nexport const w = workflow("w", function* () { return yield* step("s", () => started); });` },
    { name: "a local variable named like a global", code: code(`const Math = { random: () => 4 };\nconst n = Math.random();`) },
    { name: "a helper that only reads time inside the step it builds", code: `${IMPORTS}function stamp() { return step("stamp", () => Date.now()); }\nexport const w = workflow("w", function* () { return yield* stamp(); });` },
    { name: "a changing name is left to deterministic-names", code: code(`yield* step(\`s-\${Date.now()}\`, () => 1);`) },
  ],
  invalid: [
    { name: "Date.now() in the body", code: code(`const now = Date.now();`), errors: [{ messageId: "value", data: { call: "Date.now()" } }] },
    { name: "new Date() and Date()", code: code(`const a = new Date();\nconst b = Date();`), errors: [{ messageId: "value", data: { call: "new Date()" } }, { messageId: "value", data: { call: "Date()" } }] },
    { name: "Math.random in a callback the body calls in place", code: code(`const order = input.items.map((item) => ({ item, key: Math.random() }));`), errors: [{ messageId: "value", data: { call: "Math.random()" } }] },
    { name: "crypto globals and imports", code: `import { randomUUID } from "node:crypto";\nimport * as nodeCrypto from "crypto";\n${code(`const a = crypto.randomUUID();\nconst b = globalThis.crypto.getRandomValues(new Uint8Array(4));\nconst c = randomUUID();\nconst d = nodeCrypto.randomBytes(8);`)}`, errors: [{ data: { call: "crypto.randomUUID()" } }, { data: { call: "crypto.getRandomValues()" } }, { data: { call: "crypto.randomUUID()" } }, { data: { call: "crypto.randomBytes()" } }].map((e) => ({ messageId: "value", ...e })) },
    { name: "performance.now, also imported from perf_hooks", code: `import { performance as perf } from "node:perf_hooks";\n${code(`const t0 = performance.now();\nconst t1 = perf.now();`)}`, errors: [{ messageId: "value", data: { call: "performance.now()" } }, { messageId: "value", data: { call: "performance.now()" } }] },
    { name: "timers", code: `import { setTimeout as sleep } from "node:timers/promises";\n${code(`setTimeout(() => {}, 10);\nyield* step("s", () => 1);\nsleep(5);`)}`, errors: [{ messageId: "timer", data: { call: "setTimeout()" } }, { messageId: "timer", data: { call: "setTimeout()" } }] },
    { name: "in a nested child body and a map item body", code: code(`yield* child("c", function* () { const id = Math.random(); return id; });\nyield* map("m", input.items, function* (item) { return Date.now() + item; });`), errors: [{ messageId: "value", data: { call: "Math.random()" } }, { messageId: "value", data: { call: "Date.now()" } }] },
    { name: "in a generator helper the body delegates to", code: `${IMPORTS}function* charge() { const at = Date.now(); return yield* step("charge", () => at); }`, errors: [{ messageId: "value", data: { call: "Date.now()" } }] },
    {
      name: "through a local helper function, and a helper's helper",
      code: `${IMPORTS}function stamp() { return Date.now(); }\nconst label = (x) => \`\${x}-\${stamp()}\`;\nconst delay = () => setTimeout(() => {}, 1);\nexport const w = workflow("w", function* (input) {\n  const a = stamp();\n  const b = label(input.id);\n  delay();\n});`,
      errors: [
        { messageId: "helperValue", data: { helper: "stamp", call: "Date.now()", line: "2" } },
        { messageId: "helperValue", data: { helper: "label", call: "Date.now()", line: "2" } },
        { messageId: "helperTimer", data: { helper: "delay", call: "setTimeout()", line: "4" } },
      ],
    },
    { name: "the message says what to do instead", code: code(`const startedAt = Date.now();`), errors: [{ message: "Date.now() in a workflow body gives another value when the execution replays, so the code can take another path than the one recorded; compute it in a step, whose result is recorded and replayed: `const now = yield* step(\"now\", () => Date.now())`." }] },
  ],
});

test.run();
