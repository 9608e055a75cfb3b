import type { Rule } from "eslint";
import { operationBuilt } from "../durable-calls";

/** Reports `await op`: a descriptor is not a promise, so the await gives the descriptor back and nothing runs. */
export const noAwaitOperation: Rule.RuleModule = {
  meta: {
    type: "problem",
    docs: { description: "Disallow await on an operation" },
    schema: [],
    messages: {
      awaited: "`await {{builder}}(...)` gives back the operation's descriptor and runs nothing: an operation is not a promise. In a workflow body (a function*), write `yield* {{builder}}(...)`; to run a workflow from ordinary code, use runLocal (durable-gen/testing) or durableHandler.",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      AwaitExpression(node) {
        const builder = operationBuilt(sourceCode, node.argument);
        if (builder !== undefined) context.report({ node, messageId: "awaited", data: { builder } });
      },
    };
  },
};
