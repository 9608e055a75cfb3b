import type { ESLint, Linter, Rule } from "eslint";
import { deterministicNames } from "./rules/deterministic-names";
import { noAwaitOperation } from "./rules/no-await-operation";
import { noNondeterminism } from "./rules/no-nondeterminism";
import { noUnyieldedOperation } from "./rules/no-unyielded-operation";
import { noWorkflowStateInStep } from "./rules/no-workflow-state-in-step";
import { requireYieldStar } from "./rules/require-yield-star";

/**
 * durable-gen's ESLint plugin: the mistakes that make a durable execution diverge on replay, or that silently run
 * nothing. The rules look at files that import durable-gen; a workflow body is any generator function there.
 *   import durable from "durable-gen/eslint-plugin";
 *   export default [durable.configs.recommended];
 */
export const rules: Record<string, Rule.RuleModule> = {
  "no-nondeterminism": noNondeterminism,
  "no-unyielded-operation": noUnyieldedOperation,
  "require-yield-star": requireYieldStar,
  "no-await-operation": noAwaitOperation,
  "no-workflow-state-in-step": noWorkflowStateInStep,
  "deterministic-names": deterministicNames,
};

export const meta = { name: "durable-gen/eslint-plugin", namespace: "durable" };

const plugin: ESLint.Plugin & { configs: { recommended: Linter.Config } } = {
  meta,
  rules,
  configs: { recommended: {} },
};

plugin.configs.recommended = {
  name: "durable-gen/recommended",
  plugins: { durable: plugin },
  rules: Object.fromEntries(Object.keys(rules).map((name) => [`durable/${name}`, "error"])),
};

export const configs = plugin.configs;
export default plugin;
