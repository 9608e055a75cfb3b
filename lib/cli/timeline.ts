import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { GetDurableExecutionHistoryCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { parseHistoryFile } from "../timeline/history-file";
import { htmlTimeline } from "../timeline/html";
import { buildTimeline, type RecordedEvent } from "../timeline/model";
import { terminalTimeline } from "../timeline/terminal";
import { UsageError } from "./load-module";

export const TIMELINE_HELP = `durable timeline <history.json | executionArn> [--html FILE] [--endpoint URL]

Draws an execution: a row per operation, nested under its context, with its bar on a time axis (step attempts,
retry delays, waits, callbacks, invokes), invocations as bands, failed operations marked. Prints it for the terminal,
or with --html writes one self-contained HTML page (no scripts, nothing fetched).
  history.json: what \`aws lambda get-durable-execution-history --durable-execution-arn ARN\` prints ({"Events": [...]})
  executionArn: fetched with GetDurableExecutionHistory from --endpoint (default AWS_ENDPOINT_URL_LAMBDA, else
                http://127.0.0.1:9014, a running \`durable serve\`); --endpoint aws asks AWS with your credentials.`;

export async function timelineCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { html: { type: "string" }, endpoint: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) return write(TIMELINE_HELP), 0;
  if (positionals.length !== 1) throw new UsageError(`durable timeline takes one history file or execution ARN, got ${positionals.length}\n\n${TIMELINE_HELP}`);
  const source = positionals[0]!;
  const events = source.startsWith("arn:") ? await fetchHistory(source, values.endpoint) : readHistory(source);
  const timeline = buildTimeline(events, source);
  if (values.html === undefined) {
    for (const line of terminalTimeline(timeline)) write(line);
    return 0;
  }
  writeFileSync(values.html, htmlTimeline(timeline, { title: source.startsWith("arn:") ? source : basename(source) }));
  write(`${values.html}: ${timeline.rows.length} operations, ${timeline.invocations.length} invocations, ${timeline.executionStatus}`);
  return 0;
}

function readHistory(path: string): RecordedEvent[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseHistoryFile(text, path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Every event of an execution, page by page. */
async function fetchHistory(executionArn: string, endpointOption: string | undefined): Promise<RecordedEvent[]> {
  const endpoint = endpointOption ?? process.env.AWS_ENDPOINT_URL_LAMBDA ?? "http://127.0.0.1:9014";
  const client = endpoint === "aws"
    ? new LambdaClient({})
    : new LambdaClient({ endpoint, region: process.env.AWS_REGION ?? "us-east-1", credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local", secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local" } });
  const events: RecordedEvent[] = [];
  try {
    let marker: string | undefined;
    do {
      const page = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: executionArn, IncludeExecutionData: true, MaxItems: 1000, Marker: marker }));
      events.push(...((page.Events ?? []) as RecordedEvent[]));
      marker = page.NextMarker;
    } while (marker !== undefined);
  } finally {
    client.destroy();
  }
  return events;
}
