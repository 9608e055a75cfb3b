import { readFileSync } from "node:fs";
import { describe } from "../../dsl/describe";
import type { Operation } from "../../interpreter/wire";
import { checkOperation, InvalidEventError } from "../event";
import { foldEvents } from "./fold-events";
import { HistoryFormatError } from "./history-format-error";
import { parseJsonDocuments } from "./json-documents";

/**
 * A recorded history, read from any of the formats AWS and this library write, as the operations a replay needs.
 * @example
 * const history: RecordedHistory = loadHistory("histories/order-1.json");
 * console.log(history.format, history.operations.length);
 */
export interface RecordedHistory {
  /** The file it was read from, or a description of the object. */
  readonly source: string;
  /** "operations": an Operation[]; "state": GetDurableExecutionState responses; "event": a durable invocation event; "events": GetDurableExecutionHistory's Events. */
  readonly format: "operations" | "state" | "event" | "events";
  readonly operations: readonly Operation[];
  /** The events, when the history was given as events (the timeline draws them). */
  readonly events: readonly Record<string, unknown>[] | undefined;
  /** The execution's input as recorded (JSON), when the history has it. */
  readonly inputPayload: string | undefined;
  readonly executionArn: string | undefined;
  /** Operations whose payload the service truncated, with where: a replay that needs one stops and says so. */
  readonly truncated: ReadonlyMap<string, string>;
}

/**
 * Reads a history file: one JSON document, or pages of one written one after the other.
 * @example
 * const history = loadHistory("histories/order-1.json");
 */
export function loadHistory(path: string): RecordedHistory {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new HistoryFormatError(`${path}: cannot read the history file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const documents = parseJsonDocuments(text, path);
  return readHistory(documents.length === 1 ? documents[0] : documents, path);
}

/**
 * Reads a history given as a value: an Operation[], a state response, an invocation event, events, or a list of pages.
 * @example
 * const history = readHistory(await fetchHistory(client, executionArn), executionArn);
 */
export function readHistory(value: unknown, source = "the history"): RecordedHistory {
  if (value instanceof Array) {
    if (value.length === 0) return fromOperations([], source, "operations", undefined);
    if (value.every((item) => isRecord(item) && "EventType" in item)) return fromEvents(value, source, undefined);
    if (value.every((item) => isRecord(item) && "Events" in item)) return fromPages(value, source, "Events");
    if (value.every((item) => isRecord(item) && "Operations" in item)) return fromPages(value, source, "Operations");
    if (value.every((item) => isRecord(item) && "Type" in item)) return fromOperations(value, source, "operations", undefined);
    throw new HistoryFormatError(`${source}: ${describe(value[0])} at index 0 is neither an operation (Type, Status) nor an event (EventType) nor a page (Operations or Events)`);
  }
  if (!isRecord(value)) throw new HistoryFormatError(`${source}: expected a history (an object or an array), got ${describe(value)}`);
  const arn = typeof value.DurableExecutionArn === "string" ? value.DurableExecutionArn : undefined;
  if ("Events" in value) return fromPages([value], source, "Events");
  if ("InitialExecutionState" in value) {
    const state = value.InitialExecutionState;
    if (!isRecord(state)) throw new HistoryFormatError(`${source}: InitialExecutionState is ${describe(state)}; expected an object with Operations`);
    if (typeof state.NextMarker === "string" && state.NextMarker !== "") {
      throw new HistoryFormatError(`${source}: the invocation event has more operations than it carries (NextMarker "${state.NextMarker}"); save the whole state with \`durable history\` instead`);
    }
    return fromOperations(arrayField(state, "Operations", `${source}: InitialExecutionState`), `${source}: InitialExecutionState`, "event", arn);
  }
  if ("Operations" in value) return fromPages([value], source, "Operations");
  throw new HistoryFormatError(`${source}: not a history: expected Events (GetDurableExecutionHistory), Operations (GetDurableExecutionState), an invocation event (InitialExecutionState) or an array of operations; the object has ${Object.keys(value).slice(0, 6).join(", ") || "no fields"}`);
}

function fromPages(pages: readonly unknown[], source: string, field: "Events" | "Operations"): RecordedHistory {
  const items: unknown[] = [];
  let arn: string | undefined;
  pages.forEach((page, index) => {
    const where = pages.length > 1 ? `${source}: page ${index + 1}` : source;
    if (!isRecord(page)) throw new HistoryFormatError(`${where}: expected an object with ${field}, got ${describe(page)}`);
    if (typeof page.DurableExecutionArn === "string") arn ??= page.DurableExecutionArn;
    for (const item of arrayField(page, field, where)) items.push(item);
  });
  return field === "Events" ? fromEvents(items, source, arn) : fromOperations(items, source, "state", arn);
}

function fromEvents(events: readonly unknown[], source: string, executionArn: string | undefined): RecordedHistory {
  const folded = foldEvents(events, source);
  return {
    source,
    format: "events",
    operations: folded.operations,
    events: events as Record<string, unknown>[],
    inputPayload: folded.input,
    executionArn,
    truncated: folded.truncated,
  };
}

function fromOperations(operations: readonly unknown[], source: string, format: RecordedHistory["format"], executionArn: string | undefined): RecordedHistory {
  const seen = new Set<string>();
  operations.forEach((operation, index) => {
    try {
      checkOperation(operation, `${source}: Operations[${index}]`);
    } catch (error) {
      if (error instanceof InvalidEventError) throw new HistoryFormatError(error.message);
      throw error;
    }
    if (seen.has(operation.Id)) throw new HistoryFormatError(`${source}: Operations[${index}].Id "${operation.Id}" appears twice`);
    seen.add(operation.Id);
  });
  const typed = operations as Operation[];
  return {
    source,
    format,
    operations: typed,
    events: undefined,
    inputPayload: typed.find((operation) => operation.Type === "EXECUTION")?.ExecutionDetails?.InputPayload,
    executionArn,
    truncated: new Map(),
  };
}

function arrayField(record: Record<string, unknown>, field: string, where: string): unknown[] {
  const value = record[field];
  if (!Array.isArray(value)) throw new HistoryFormatError(`${where}: ${field} is ${describe(value)}; expected an array`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
