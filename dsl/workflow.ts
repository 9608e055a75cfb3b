import type { OpGenerator } from "./op";
import type { WorkflowContext } from "./context";
import { checkFunction, checkName, where } from "./names";

/** The generator function of a workflow: its input and context in, its operations yielded, its result returned. */
export type WorkflowBody<I, O> = (input: I, ctx: WorkflowContext) => OpGenerator<O>;

/**
 * A durable workflow: a named generator function from its input to its result, made by `workflow()`.
 * @example
 * const handler = durableHandler(greet); // greet: Workflow<string, string>
 */
export interface Workflow<I, O> {
  readonly kind: "workflow";
  readonly name: string;
  readonly body: WorkflowBody<I, O>;
}

/**
 * Defines a durable workflow: a name (it names the function's executions' root) and a generator function from
 * the input to the result. Serve it on Lambda with `durableHandler`, test it with `runLocal`.
 * @example
 * export const greet = workflow("greet", function* (name: string, ctx) {
 *   ctx.logger.info("greeting", { name });
 *   return yield* step("greet", () => `hello ${name}`);
 * });
 */
export function workflow<I, O>(name: string, body: WorkflowBody<I, O>): Workflow<I, O> {
  checkName("workflow", name);
  checkFunction(where("workflow", name), "its body (a generator function)", body);
  return Object.freeze({ kind: "workflow", name, body });
}

export function isWorkflow(value: unknown): value is Workflow<unknown, unknown> {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "workflow" && typeof (value as { body?: unknown }).body === "function";
}
