import type { OpGenerator } from "./op";
import type { WorkflowContext } from "./context";
import { checkFunction, checkName, where } from "./names";

export type WorkflowBody<I, O> = (input: I, ctx: WorkflowContext) => OpGenerator<O>;

/** A durable workflow: a named generator function from its input to its result. */
export interface Workflow<I, O> {
  readonly kind: "workflow";
  readonly name: string;
  readonly body: WorkflowBody<I, O>;
}

export function workflow<I, O>(name: string, body: WorkflowBody<I, O>): Workflow<I, O> {
  checkName("workflow", name);
  checkFunction(where("workflow", name), "its body (a generator function)", body);
  return Object.freeze({ kind: "workflow", name, body });
}

export function isWorkflow(value: unknown): value is Workflow<unknown, unknown> {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "workflow" && typeof (value as { body?: unknown }).body === "function";
}
