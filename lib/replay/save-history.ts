import { writeFileSync } from "node:fs";

/** A history as `aws lambda get-durable-execution-history` prints it, with the execution's ARN: what replay reads. */
export interface HistoryDocument {
  readonly DurableExecutionArn: string;
  readonly Events: readonly unknown[];
}

/** The history document of an execution: a runLocal result, or an ARN and the events fetched for it. */
export function historyDocument(execution: { readonly executionArn: string; readonly events: readonly unknown[] }): HistoryDocument {
  return { DurableExecutionArn: execution.executionArn, Events: execution.events };
}

/** Writes an execution's history to `path` as JSON (timestamps as ISO 8601), in the format `replay` reads. */
export function saveHistory(path: string, execution: { readonly executionArn: string; readonly events: readonly unknown[] }): void {
  writeFileSync(path, `${JSON.stringify(historyDocument(execution), null, 2)}\n`);
}
