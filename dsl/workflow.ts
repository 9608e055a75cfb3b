import type { Op } from "./op";
import type { WorkflowContext } from "./context";
import { checkFunction, checkName, where } from "./validation";

/**
 * The generator function of a workflow: its input and context in, its operations yielded, its result returned.
 * @example
 * const body: WorkflowBody<string, string> = function* (name) { return yield* step("greet", () => `hi ${name}`); };
 */
export type WorkflowBody<I, O, Y extends Op<unknown> = Op<unknown>> = (input: I, ctx: WorkflowContext) => Generator<Y, O, unknown>;

/**
 * A durable workflow: a named generator function from its input to its result, made by `workflow()`.
 * @example
 * const handler = durableHandler(greet); // greet: Workflow<string, string>
 */
export interface Workflow<I, O, Y extends Op<unknown> = Op<unknown>> {
  readonly kind: "workflow";
  readonly name: string;
  /** `Y`, what the body yields, lets runLocal check mocks and callback answers against the workflow's operations. */
  readonly body: WorkflowBody<I, O, Y>;
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
export function workflow<I, O, Y extends Op<unknown> = Op<unknown>>(name: string, body: WorkflowBody<I, O, Y>): Workflow<I, O, Y> {
  checkName("workflow", name);
  checkFunction(where("workflow", name), "its body (a generator function)", body);
  return Object.freeze({ kind: "workflow", name, body });
}

export function isWorkflow(value: unknown): value is Workflow<unknown, unknown> {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "workflow" && typeof (value as { body?: unknown }).body === "function";
}
