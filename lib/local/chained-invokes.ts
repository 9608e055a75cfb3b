import type { ErrorObject, Operation } from "../../interpreter/wire";
import type { LocalExecution } from "./execution";
import { childExecutionName } from "./execution-names";
import { STORAGE_RETRY_MS, type Entry, type ExecutionStore } from "./execution-store";
import type { FunctionRegistry } from "./function-registry";
import { functionNameOf } from "./function-names";
import { invokePayload } from "./invoke-payload";
import type { Invokers } from "./invokers";
import { JournalWriteError } from "./journal";

export interface ChainedInvokeContext {
  readonly store: ExecutionStore;
  readonly registry: FunctionRegistry;
  readonly invokers: Invokers;
  readonly clock: { now(): number };
  /** Starts the child execution, linked to the operation that invoked it; returns its ARN. */
  startChild(functionName: string, payload: string | undefined, name: string, invokedBy: { arn: string; operationId: string }): string;
  result(executionArn: string): Promise<LocalExecution>;
  wake(entry: Entry): void;
}

/**
 * A chained invoke: a durable function runs as a child execution linked to this operation (found again by that
 * link after a restart, never by a name someone else could give), a plain one is called; its outcome completes
 * the operation.
 */
export async function runChainedInvoke(context: ChainedInvokeContext, entry: Entry, operation: Operation, given: string, payload: string | undefined): Promise<void> {
  const { store } = context;
  let outcome: { result?: string; error?: ErrorObject };
  const functionName = functionNameOf(given);
  const fn = context.registry.find(functionName);
  const parentArn = entry.execution.executionArn;
  if (fn === undefined) {
    outcome = { error: { ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${given}` } };
  } else if (fn.kind === "workflow" || fn.durable) {
    let childArn = store.childOf(parentArn, operation.Id);
    for (let delay = 50; childArn === undefined; delay = Math.min(delay * 2, STORAGE_RETRY_MS)) {
      if (store.stopping) return;
      try {
        childArn = context.startChild(functionName, payload ?? JSON.stringify(invokePayload(undefined)), childExecutionName(entry.name, operation.Id), { arn: parentArn, operationId: operation.Id });
      } catch (error) {
        if (!(error instanceof JournalWriteError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
    const done = await context.result(childArn);
    outcome = done.status === "SUCCEEDED" ? { result: done.result } : { error: done.error ?? { ErrorType: `Execution.${done.status}`, ErrorMessage: `the invoked execution ended ${done.status}` } };
  } else {
    outcome = await context.invokers.callPlain(fn, functionName, invokePayload(payload === undefined ? undefined : JSON.parse(payload)));
  }
  if (await store.commitOrWait(() => ({ type: "invoke-completed", arn: parentArn, at: context.clock.now(), operationId: operation.Id, ...outcome }))) context.wake(entry);
}
