import type { Rule, SourceCode } from "eslint";
import type * as ESTree from "estree";
import { nameArgument } from "../durable-calls";
import { nondeterministicCall } from "../nondeterminism";
import { resolve, walk } from "../syntax";

/**
 * Reports a workflow or operation name that changes between invocations. A replay checks the name recorded at each
 * position; a name from the clock, randomness or module state (which lives as long as the Lambda sandbox, not the
 * execution) is another name on the next invocation, and the execution fails with a NonDeterminismError.
 */
export const deterministicNames: Rule.RuleModule = {
  meta: {
    type: "problem",
    docs: { description: "Require workflow and operation names that are the same on every invocation" },
    schema: [],
    messages: {
      changing: "The name of this {{builder}} is built from {{what}}, which changes between invocations: a replay finds another name than the recorded one and fails the execution with a NonDeterminismError. Build names from constants, the workflow's input, map items, or values returned by steps.",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      CallExpression(node) {
        const named = nameArgument(sourceCode, node);
        if (named === undefined) return;
        const what = changingPart(sourceCode, named.name);
        if (what !== undefined) context.report({ node: named.name, messageId: "changing", data: { builder: named.builder, what } });
      },
    };
  },
};

/** What in a name expression changes between invocations, described for the message. */
function changingPart(sourceCode: SourceCode, name: ESTree.Node): string | undefined {
  let what: string | undefined;
  walk(sourceCode, name, (node) => {
    if (what !== undefined) return false;
    const call = nondeterministicCall(sourceCode, node);
    if (call !== undefined) what = call.call;
    else if (node.type === "UpdateExpression" || node.type === "AssignmentExpression") what = "an assignment";
    else if (node.type === "Identifier") what = changingVariable(sourceCode, node);
    return what === undefined;
  });
  return what;
}

function changingVariable(sourceCode: SourceCode, identifier: ESTree.Identifier): string | undefined {
  const variable = resolve(sourceCode, identifier);
  const definition = variable?.defs[0];
  if (variable === undefined || definition === undefined || definition.type !== "Variable") return undefined;
  const declarator = definition.node;
  if (definition.parent.kind !== "const" && (variable.scope.type === "module" || variable.scope.type === "global")) {
    return `\`${identifier.name}\`, a module-level ${definition.parent.kind} (module state outlives the execution: it carries over between invocations in a warm Lambda sandbox and starts over in a new one)`;
  }
  if (declarator.init === null || declarator.init === undefined) return undefined;
  let call: string | undefined;
  walk(sourceCode, declarator.init, (node) => {
    call ??= nondeterministicCall(sourceCode, node)?.call;
    return call === undefined;
  });
  return call === undefined ? undefined : `\`${identifier.name}\`, which holds ${call}`;
}
