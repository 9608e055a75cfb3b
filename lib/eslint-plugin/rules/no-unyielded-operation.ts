import type { Rule } from "eslint";
import { operationBuilt, placeOf } from "../durable-calls";
import { unwrap } from "../syntax";

/** Reports an operation built as a statement of its own: the descriptor is dropped and nothing runs. */
export const noUnyieldedOperation: Rule.RuleModule = {
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: { description: "Disallow building an operation without yielding it" },
    schema: [],
    messages: {
      unyielded: "{{builder}}(...) builds an operation and drops it: nothing runs and nothing is recorded. Write `yield* {{builder}}(...)` to run it (or keep the descriptor in a variable and yield it later).",
      addYield: "Run it: yield* {{builder}}(...)",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      ExpressionStatement(statement) {
        const expression = unwrap(statement.expression);
        const call = expression.type === "UnaryExpression" && expression.operator === "void" ? unwrap(expression.argument) : expression;
        const builder = operationBuilt(sourceCode, call);
        if (builder === undefined) return;
        const inWorkflow = placeOf(sourceCode, statement).kind === "workflow";
        context.report({
          node: call,
          messageId: "unyielded",
          data: { builder },
          suggest: inWorkflow && call === expression
            ? [{ messageId: "addYield", data: { builder }, fix: (fixer) => fixer.insertTextBefore(call, "yield* ") }]
            : [],
        });
      },
    };
  },
};
