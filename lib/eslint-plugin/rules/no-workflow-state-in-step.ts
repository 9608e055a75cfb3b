import type { Rule, SourceCode } from "eslint";
import type * as ESTree from "estree";
import { placeOf } from "../durable-calls";
import { contains, resolve, unwrap, type FunctionNode } from "../syntax";

/** Methods that change the collection they are called on. */
const MUTATORS: ReadonlySet<string> = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "add", "delete", "clear"]);

/**
 * Reports a step function changing a variable of the workflow body. The step runs once; a replay hands back its
 * recorded result without running it, so the change is missing and the code after the step sees another value.
 */
export const noWorkflowStateInStep: Rule.RuleModule = {
  meta: {
    type: "problem",
    docs: { description: "Disallow assignments inside step functions to variables of the workflow body" },
    schema: [],
    messages: {
      changed: "This step function changes `{{name}}`, a variable of the workflow body: a replay does not run the step (it uses the recorded result), so the change is missing and the code after the step sees another `{{name}}`. Return the value from the step instead: `{{name}} = yield* step(...)`.",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const check = (node: ESTree.Node, target: ESTree.Node) => {
      const root = rootIdentifier(target);
      if (root === undefined) return;
      const place = placeOf(sourceCode, node);
      if (place.kind !== "step" || !ofWorkflowBody(sourceCode, root, place.fn)) return;
      context.report({ node, messageId: "changed", data: { name: root.name } });
    };
    return {
      AssignmentExpression: (node) => check(node, node.left),
      UpdateExpression: (node) => check(node, node.argument),
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== "MemberExpression" || callee.computed || callee.property.type !== "Identifier" || !MUTATORS.has(callee.property.name)) return;
        check(node, callee.object);
      },
    };
  },
};

/** The variable an assignment target or a mutated object starts from: `total`, `state.items[0]` -> state. */
function rootIdentifier(node: ESTree.Node): ESTree.Identifier | undefined {
  let current = unwrap(node);
  while (current.type === "MemberExpression") current = unwrap(current.object);
  return current.type === "Identifier" ? current : undefined;
}

/** Declared in workflow code (a workflow body's variable or parameter), outside the step function itself. */
function ofWorkflowBody(sourceCode: SourceCode, identifier: ESTree.Identifier, stepFunction: FunctionNode): boolean {
  const declared = resolve(sourceCode, identifier)?.identifiers[0];
  if (declared === undefined || contains(stepFunction, declared)) return false;
  return placeOf(sourceCode, declared).kind === "workflow";
}
