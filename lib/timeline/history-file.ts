import type { RecordedEvent } from "./model";

/**
 * The events of a history file as `aws lambda get-durable-execution-history` prints it: `{ "Events": [...] }`,
 * PascalCase events, EventTimestamp in epoch seconds or ISO 8601. `where` names the file in errors.
 */
export function parseHistoryFile(text: string, where: string): RecordedEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not JSON: ${(error as Error).message}`);
  }
  const events = (parsed as { Events?: unknown } | null)?.Events;
  if (!Array.isArray(events)) throw new Error(`${where} has no "Events" array (expected the output of aws lambda get-durable-execution-history)`);
  events.forEach((event: unknown, index) => {
    const { EventType, EventTimestamp } = (event ?? {}) as { EventType?: unknown; EventTimestamp?: unknown };
    if (typeof EventType !== "string") throw new Error(`${where}: Events[${index}] has no EventType`);
    if (EventTimestamp === undefined) throw new Error(`${where}: Events[${index}] (${EventType}) has no EventTimestamp`);
  });
  return events as RecordedEvent[];
}

/** A history file's text for these events (timestamps as ISO 8601, as the AWS CLI prints them). */
export function historyFileText(events: readonly RecordedEvent[]): string {
  return `${JSON.stringify({ Events: events }, null, 2)}\n`;
}
