import type { Rule } from "eslint";
import { operationBuilt } from "../durable-calls";

/** Reports `yield op` (untyped: TypeScript cannot type a plain yield's result) where `yield* op` gives the operation's type. */
export const requireYieldStar: Rule.RuleModule = {
  meta: {
    type: "suggestion",
    fixable: "code",
    docs: { description: "Require yield* (not yield) on operations, so their results keep their types" },
    schema: [],
    messages: {
      plainYield: "`yield {{builder}}(...)` runs the operation but its result is `unknown` to TypeScript; write `yield* {{builder}}(...)`, which gives the operation's result type.",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      YieldExpression(node) {
        if (node.delegate || node.argument === null || node.argument === undefined) return;
        const builder = operationBuilt(sourceCode, node.argument);
        if (builder === undefined) return;
        const keyword = sourceCode.getFirstToken(node)!;
        context.report({ node, messageId: "plainYield", data: { builder }, fix: (fixer) => fixer.replaceText(keyword, "yield*") });
      },
    };
  },
};
