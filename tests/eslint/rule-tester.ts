import { RuleTester } from "eslint";
import { test } from "uvu";

/** ESLint's RuleTester with each case an uvu test of its own (RuleTester calls describe/it, which uvu lacks). */
RuleTester.describe = (_text: string, body: () => void) => body();
RuleTester.it = (text: string, body: () => void) => test(text, body);
RuleTester.itOnly = RuleTester.it;

export const ruleTester = new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "module" } });

/** A module that imports the DSL, as workflow files do (the rules look only at such files). */
export const IMPORTS = `import { step, wait, workflow, child, map, parallel, invoke, waitForCallback, waitForCondition, createCallback, all } from "durable-gen";\n`;
export { test };
