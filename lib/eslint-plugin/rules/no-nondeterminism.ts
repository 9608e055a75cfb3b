import type { Rule, SourceCode } from "eslint";
import type * as ESTree from "estree";
import { isStepFunction, nameArgument, placeOf } from "../durable-calls";
import { nondeterministicCall, TIMER_INSTEAD, VALUE_INSTEAD, type Nondeterministic } from "../nondeterminism";
import { contains, isFunction, resolve, walk, type FunctionNode } from "../syntax";

/** Reports time, randomness and timers in workflow code (run again on every replay), directly or through a local helper. */
export const noNondeterminism: Rule.RuleModule = {
  meta: {
    type: "problem",
    docs: { description: "Disallow non-deterministic calls (time, randomness, timers) in a workflow body outside step functions" },
    schema: [],
    messages: {
      value: `{{call}} in a workflow body gives another value when the execution replays, so the code can take another path than the one recorded; ${VALUE_INSTEAD}.`,
      timer: `{{call}} in a workflow body: ${TIMER_INSTEAD}.`,
      helperValue: `{{helper}}() calls {{call}} (line {{line}}), and is called here from a workflow body: it gives another value when the execution replays; ${VALUE_INSTEAD}.`,
      helperTimer: `{{helper}}() calls {{call}} (line {{line}}), and is called here from a workflow body: ${TIMER_INSTEAD}.`,
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const check = (node: ESTree.CallExpression | ESTree.NewExpression) => {
      if (placeOf(sourceCode, node).kind !== "workflow" || inName(sourceCode, node)) return;
      const direct = nondeterministicCall(sourceCode, node);
      if (direct !== undefined) {
        context.report({ node, messageId: direct.kind, data: { call: direct.call } });
        return;
      }
      const helper = node.type === "CallExpression" && node.callee.type === "Identifier" ? localHelper(sourceCode, node.callee) : undefined;
      const found = helper === undefined ? undefined : findInHelper(sourceCode, helper, new Set());
      if (found === undefined) return;
      const data = { helper: (node.callee as ESTree.Identifier).name, call: found.call, line: String(found.line) };
      context.report({ node, messageId: found.kind === "value" ? "helperValue" : "helperTimer", data });
    };
    return { CallExpression: check, NewExpression: check };
  },
};

/** Names are the deterministic-names rule's, whose message says what a changing name does. */
function inName(sourceCode: SourceCode, node: ESTree.Node): boolean {
  return sourceCode.getAncestors(node).some((ancestor) => {
    if (ancestor.type !== "CallExpression") return false;
    const named = nameArgument(sourceCode, ancestor);
    return named !== undefined && contains(named.name, node);
  });
}

/** A plain function of this file, declared outside workflow code (a generator or a function inside one is checked as it is). */
function localHelper(sourceCode: SourceCode, callee: ESTree.Identifier): FunctionNode | undefined {
  const definition = resolve(sourceCode, callee)?.defs[0];
  if (definition === undefined) return undefined;
  const fn = definition.type === "FunctionName" ? definition.node
    : definition.type === "Variable" && definition.node.init !== null && definition.node.init !== undefined && isFunction(definition.node.init) ? definition.node.init
    : undefined;
  if (fn === undefined || fn.generator || placeOf(sourceCode, fn).kind !== "outside" || isStepFunction(sourceCode, fn)) return undefined;
  return fn;
}

const findings = new WeakMap<FunctionNode, (Nondeterministic & { line: number }) | null>();

/** The first non-deterministic call a helper makes, itself or through the helpers it calls, outside the steps it builds. */
function findInHelper(sourceCode: SourceCode, fn: FunctionNode, visiting: Set<FunctionNode>): (Nondeterministic & { line: number }) | undefined {
  const known = findings.get(fn);
  if (known !== undefined) return known ?? undefined;
  if (visiting.has(fn)) return undefined;
  visiting.add(fn);
  let found: (Nondeterministic & { line: number }) | undefined;
  walk(sourceCode, fn.body, (node) => {
    if (found !== undefined || (isFunction(node) && isStepFunction(sourceCode, node))) return false;
    const direct = nondeterministicCall(sourceCode, node);
    if (direct !== undefined) {
      found = { ...direct, line: node.loc!.start.line };
      return false;
    }
    const helper = node.type === "CallExpression" && node.callee.type === "Identifier" ? localHelper(sourceCode, node.callee) : undefined;
    if (helper !== undefined) found = findInHelper(sourceCode, helper, visiting);
    return found === undefined;
  });
  findings.set(fn, found ?? null);
  return found;
}
