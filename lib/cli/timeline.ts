import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { fetchHistory } from "../replay/fetch-history";
import { htmlTimeline } from "../timeline/html";
import { buildTimeline, type RecordedEvent, type Timeline } from "../timeline/model";
import { terminalTimeline } from "../timeline/terminal";
import { ENDPOINT_HELP, lambdaClient, regionOf } from "./lambda-client";
import { loadHistoryArgument } from "./load-history";
import { UsageError } from "./load-module";

export const TIMELINE_HELP = `durable timeline <history.json | executionArn> [--html FILE] [--endpoint URL]

Draws an execution: a row per operation, nested under its context, with its bar on a time axis (step attempts,
retry delays, waits, callbacks, invokes), invocations as bands, failed operations marked. Prints it for the terminal,
or with --html writes one self-contained HTML page (no scripts, nothing fetched).
  history.json: what \`aws lambda get-durable-execution-history --durable-execution-arn ARN\` prints ({"Events": [...]}),
                or \`durable history ARN --out FILE\` saves
  executionArn: its history is fetched (GetDurableExecutionHistory, every page) from --endpoint
${ENDPOINT_HELP}`;

export async function timelineCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { html: { type: "string" }, endpoint: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) return write(TIMELINE_HELP), 0;
  if (positionals.length !== 1) throw new UsageError(`durable timeline takes one history file or execution ARN, got ${positionals.length}\n\n${TIMELINE_HELP}`);
  const source = positionals[0]!;
  const events = source.startsWith("arn:") ? await fetchEvents(source, values.endpoint) : readEvents(source);
  let timeline: Timeline;
  try {
    timeline = buildTimeline(events, source);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.html === undefined) {
    for (const line of terminalTimeline(timeline)) write(line);
    return 0;
  }
  writeFileSync(values.html, htmlTimeline(timeline, { title: source.startsWith("arn:") ? source : basename(source) }));
  write(`${values.html}: ${timeline.rows.length} operations, ${timeline.invocations.length} invocations, ${timeline.executionStatus}`);
  return 0;
}

/** The events of a history file; a file of operations (no events) cannot be drawn. */
function readEvents(path: string): RecordedEvent[] {
  const history = loadHistoryArgument(path);
  if (history.events === undefined) {
    throw new UsageError(`${path} holds operations (${history.format}), not events: the timeline draws an event history (durable history <executionArn> --out FILE, or aws lambda get-durable-execution-history)`);
  }
  return history.events as unknown as RecordedEvent[];
}

async function fetchEvents(executionArn: string, endpoint: string | undefined): Promise<RecordedEvent[]> {
  const client = lambdaClient(endpoint, regionOf(executionArn));
  try {
    return (await fetchHistory(client, executionArn)).Events as RecordedEvent[];
  } finally {
    client.destroy();
  }
}
