import { GetDurableExecutionHistoryCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { HistoryDocument } from "./save-history";

/**
 * Every event of an execution, page by page, with its payloads: the document `replay` and `durable timeline` read.
 * @example
 * const report = await replay(orderWorkflow, await fetchHistory(new LambdaClient({}), executionArn));
 */
export async function fetchHistory(client: LambdaClient, executionArn: string): Promise<HistoryDocument> {
  const events: unknown[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: executionArn, IncludeExecutionData: true, MaxItems: 1000, Marker: marker }));
    for (const event of page.Events ?? []) events.push(event);
    marker = page.NextMarker === "" ? undefined : page.NextMarker;
  } while (marker !== undefined);
  return { DurableExecutionArn: executionArn, Events: events };
}
