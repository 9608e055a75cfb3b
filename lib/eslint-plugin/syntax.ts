import type { Rule, Scope, SourceCode } from "eslint";
import type * as ESTree from "estree";

export type Node = Rule.Node;
export type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression;

/** The variable an identifier refers to, or undefined for an undeclared global. */
export function resolve(sourceCode: SourceCode, identifier: ESTree.Identifier): Scope.Variable | undefined {
  for (let scope: Scope.Scope | null = sourceCode.getScope(identifier); scope !== null; scope = scope.upper) {
    const variable = scope.set.get(identifier.name);
    if (variable !== undefined) return variable;
  }
  return undefined;
}

/** True when `identifier` is the global of that name: not declared anywhere in the file (configured globals have no definition). */
export function isGlobal(sourceCode: SourceCode, identifier: ESTree.Identifier): boolean {
  const variable = resolve(sourceCode, identifier);
  return variable === undefined || (variable.scope.type === "global" && variable.defs.length === 0);
}

/** The module an identifier was imported from and the name it has there ("*" for a namespace, "default"). */
export function importOf(variable: Scope.Variable | undefined): { source: string; imported: string } | undefined {
  const definition = variable?.defs[0];
  if (definition === undefined || definition.type !== "ImportBinding") return undefined;
  const declaration = definition.parent as ESTree.ImportDeclaration;
  const specifier = definition.node;
  const source = String(declaration.source.value);
  if (specifier.type === "ImportNamespaceSpecifier") return { source, imported: "*" };
  if (specifier.type === "ImportDefaultSpecifier") return { source, imported: "default" };
  const imported = specifier.imported;
  return { source, imported: imported.type === "Identifier" ? imported.name : String(imported.value) };
}

/**
 * The expression under TypeScript's wrappers (`x as T`, `x!`, `x satisfies T`): typescript-eslint's parser keeps them
 * as nodes of their own, and `step(...) as Op<T>` is still a step.
 */
export function unwrap(node: ESTree.Node): ESTree.Node {
  let current = node as ESTree.Node & { expression?: ESTree.Node };
  while ((current.type as string).startsWith("TS") && current.expression !== undefined) current = current.expression as typeof current;
  return current;
}

export function isFunction(node: ESTree.Node): node is FunctionNode {
  return node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}

export function contains(outer: ESTree.Node, inner: ESTree.Node): boolean {
  return outer.range![0] <= inner.range![0] && inner.range![1] <= outer.range![1];
}

/** Visits `node` and everything under it, parent before children; `visit` returns false to skip a node's children. */
export function walk(sourceCode: SourceCode, node: ESTree.Node, visit: (node: ESTree.Node) => boolean | void): void {
  if (visit(node) === false) return;
  const keys = sourceCode.visitorKeys[node.type] ?? [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child !== null && typeof child === "object" && typeof (child as ESTree.Node).type === "string") walk(sourceCode, child as ESTree.Node, visit);
    }
  }
}
