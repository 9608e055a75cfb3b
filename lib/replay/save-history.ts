import { writeFileSync } from "node:fs";

/**
 * A history as `aws lambda get-durable-execution-history` prints it, with the execution's ARN: what replay reads.
 * @example
 * const document: HistoryDocument = historyDocument(await runLocal(orderWorkflow, order));
 */
export interface HistoryDocument {
  readonly DurableExecutionArn: string;
  readonly Events: readonly unknown[];
}

/**
 * The history document of an execution: a runLocal result, or an ARN and the events fetched for it.
 * @example
 * const report = await replay(orderWorkflow, historyDocument(await runLocal(orderWorkflow, order)));
 */
export function historyDocument(execution: { readonly executionArn: string; readonly events: readonly unknown[] }): HistoryDocument {
  return { DurableExecutionArn: execution.executionArn, Events: execution.events };
}

/**
 * Writes an execution's history to `path` as JSON (timestamps as ISO 8601), in the format `replay` reads.
 * @example
 * saveHistory("histories/order-2.json", await runLocal(orderWorkflow, order));
 */
export function saveHistory(path: string, execution: { readonly executionArn: string; readonly events: readonly unknown[] }): void {
  writeFileSync(path, `${JSON.stringify(historyDocument(execution), null, 2)}\n`);
}
