import type { Workflow } from "../../dsl/workflow";
import { isWorkflow } from "../../dsl/workflow";
import type { StepMock } from "../../interpreter/index";
import type { ObservabilityOptions } from "../plugins/options";

/**
 * A Lambda handler: what `durableHandler` returns, or any plain function handler.
 * @example
 * const greet: LambdaHandler = async (event) => `Hello, ${(event as { name: string }).name}`;
 * service.register("greet", { kind: "handler", durable: false, handler: greet });
 */
export type LambdaHandler = (event: unknown, context: Record<string, unknown>) => unknown;

/**
 * What the service can invoke by name: a workflow or a handler in this process, or a module's handler in a process of its own.
 * @example
 * service.register("order", { kind: "workflow", workflow: orderWorkflow, stepMocks: { charge: () => "ok" } });
 * service.register("traced", { kind: "workflow", workflow: orderWorkflow, observe: { plugins: [openTelemetryPlugin()], logReplay: true } });
 * service.register("legacy", { kind: "handler", durable: true, handler: durableHandler(orderWorkflow) });
 * service.register("isolated", { kind: "process", module: "src/order.ts", exportName: "handler", durable: true });
 */
export type LocalFunction =
  | { readonly kind: "workflow"; readonly workflow: Workflow<never, unknown>; readonly stepMocks?: Readonly<Record<string, StepMock>>; readonly observe?: ObservabilityOptions }
  | { readonly kind: "handler"; readonly handler: LambdaHandler; readonly durable: boolean }
  | { readonly kind: "process"; readonly module: string; readonly exportName?: string; readonly durable: boolean };

/** The functions a service can invoke, by name. */
export class FunctionRegistry {
  private readonly functions = new Map<string, LocalFunction>();

  register(name: string, fn: Workflow<never, unknown> | LocalFunction): void {
    this.functions.set(name, isWorkflow(fn) ? { kind: "workflow", workflow: fn } : (fn as LocalFunction));
  }

  /** The function `name`, or undefined when none is registered under it. */
  find(name: string): LocalFunction | undefined {
    return this.functions.get(name);
  }

  get(name: string): LocalFunction {
    const fn = this.functions.get(name);
    if (fn === undefined) throw new FunctionNotFoundError(name);
    return fn;
  }
}

export class FunctionNotFoundError extends Error {
  constructor(name: string) {
    super(`Function not found: ${name}`);
    this.name = "ResourceNotFoundException";
  }
}

/** The journal holds running executions of functions this service was not given: it refuses to start without them. */
export class MissingFunctionsError extends Error {
  constructor(readonly missing: ReadonlyMap<string, number>) {
    super(`the journal holds running executions of functions that are not registered: ${[...missing].map(([name, count]) => `${name} (${count} running)`).join(", ")}; register them (durable serve --function NAME=MODULE) or they cannot carry on`);
    this.name = "MissingFunctionsError";
  }
}
