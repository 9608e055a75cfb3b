import type { SourceCode } from "eslint";
import type * as ESTree from "estree";
import { importOf, isFunction, resolve, unwrap, type FunctionNode } from "./syntax";

const PACKAGE = /^durable-gen(\/|$)/;

/** The builders that return an operation descriptor: it does something only when the workflow yields it. */
export const OPERATION_BUILDERS: ReadonlySet<string> = new Set([
  "step", "wait", "invoke", "createCallback", "waitForCallback", "waitForCondition", "child", "map", "parallel",
  "all", "allSettled", "race", "any", "saga", "patched", "deprecatePatch",
]);

/** Where the named builders take their name (the combinators' unnamed overload starts with the array instead). */
const NAMED_BUILDERS: ReadonlySet<string> = new Set([...OPERATION_BUILDERS, "workflow"]);

/** The argument that is a step function: it runs once and is recorded, and a replay uses the record instead. */
const STEP_FUNCTION_ARGUMENT: Readonly<Record<string, number>> = { step: 1, waitForCallback: 1, waitForCondition: 1 };

/** The durable-gen export a call calls (`step(...)`, `d.step(...)` with `import * as d`), or undefined. */
export function durableExportCalled(sourceCode: SourceCode, call: ESTree.Node): string | undefined {
  const node = unwrap(call);
  if (node.type !== "CallExpression") return undefined;
  const callee = node.callee;
  if (callee.type === "Identifier") {
    const origin = importOf(resolve(sourceCode, callee));
    return origin !== undefined && PACKAGE.test(origin.source) && origin.imported !== "*" ? origin.imported : undefined;
  }
  if (callee.type === "MemberExpression" && !callee.computed && callee.object.type === "Identifier" && callee.property.type === "Identifier") {
    const origin = importOf(resolve(sourceCode, callee.object));
    return origin !== undefined && PACKAGE.test(origin.source) && origin.imported === "*" ? callee.property.name : undefined;
  }
  return undefined;
}

/** The operation builder `node` calls, when it is a call of one. */
export function operationBuilt(sourceCode: SourceCode, node: ESTree.Node): string | undefined {
  const name = durableExportCalled(sourceCode, node);
  return name !== undefined && OPERATION_BUILDERS.has(name) ? name : undefined;
}

/** The name argument of a workflow or operation builder call. */
export function nameArgument(sourceCode: SourceCode, call: ESTree.CallExpression): { builder: string; name: ESTree.Node } | undefined {
  const builder = durableExportCalled(sourceCode, call);
  const first = call.arguments[0];
  if (builder === undefined || !NAMED_BUILDERS.has(builder) || first === undefined || first.type === "ArrayExpression" || first.type === "SpreadElement") return undefined;
  return { builder, name: first };
}

const importing = new WeakMap<object, boolean>();

export function importsDurable(sourceCode: SourceCode): boolean {
  let known = importing.get(sourceCode.ast);
  if (known === undefined) {
    known = sourceCode.ast.body.some((statement) => statement.type === "ImportDeclaration" && PACKAGE.test(String(statement.source.value)));
    importing.set(sourceCode.ast, known);
  }
  return known;
}

/**
 * Whether `fn` is the function of a step (or of a callback submitter or a condition check): given directly as that
 * argument, or declared under a name that is passed there.
 */
export function isStepFunction(sourceCode: SourceCode, fn: FunctionNode): boolean {
  const parent = (fn as FunctionNode & { parent?: ESTree.Node }).parent;
  if (parent === undefined) return false;
  if (parent.type === "CallExpression" && isStepFunctionArgument(sourceCode, parent, fn)) return true;
  const declared = fn.type === "FunctionDeclaration" ? fn.id : parent.type === "VariableDeclarator" && parent.id.type === "Identifier" ? parent.id : null;
  if (declared === null) return false;
  const variable = resolve(sourceCode, declared);
  return variable?.references.some((reference) => {
    const use = (reference.identifier as ESTree.Identifier & { parent?: ESTree.Node }).parent;
    return use?.type === "CallExpression" && isStepFunctionArgument(sourceCode, use, reference.identifier as ESTree.Node);
  }) ?? false;
}

function isStepFunctionArgument(sourceCode: SourceCode, call: ESTree.CallExpression, argument: ESTree.Node): boolean {
  const builder = durableExportCalled(sourceCode, call);
  const index = builder === undefined ? undefined : STEP_FUNCTION_ARGUMENT[builder];
  return index !== undefined && call.arguments[index] === argument;
}

export type Place = { kind: "workflow"; body: FunctionNode } | { kind: "step"; fn: FunctionNode } | { kind: "outside" };

/**
 * Where code runs: in a workflow body (any generator function of a file that imports durable-gen, with the callbacks
 * it calls in place: run again on every replay), in a step function (run once, then replayed from its record), or
 * elsewhere. The innermost of the two decides.
 */
export function placeOf(sourceCode: SourceCode, node: ESTree.Node): Place {
  if (!importsDurable(sourceCode)) return { kind: "outside" };
  const ancestors = sourceCode.getAncestors(node);
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const ancestor = ancestors[index]!;
    if (!isFunction(ancestor)) continue;
    if (isStepFunction(sourceCode, ancestor)) return { kind: "step", fn: ancestor };
    if (ancestor.generator) return { kind: "workflow", body: ancestor };
  }
  return { kind: "outside" };
}
