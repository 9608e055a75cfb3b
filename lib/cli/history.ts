import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fetchHistory } from "../replay/fetch-history";
import { ENDPOINT_HELP, lambdaClient, regionOf } from "./lambda-client";
import { UsageError } from "./load-module";

export const HISTORY_HELP = `durable history <executionArn> [--out FILE] [--json] [--endpoint URL]

Fetches an execution's history (GetDurableExecutionHistory, every page, with payloads) from AWS or a local service.
  --out FILE: saves it in the format \`durable replay\` and \`durable timeline\` read
  --json:     prints that document instead of one line per event
${ENDPOINT_HELP}`;

export async function historyCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: "string" }, json: { type: "boolean" }, endpoint: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) return write(HISTORY_HELP), 0;
  const [executionArn, ...extra] = positionals;
  if (executionArn === undefined || extra.length > 0) throw new UsageError(`durable history takes one execution ARN\n\n${HISTORY_HELP}`);
  if (!executionArn.startsWith("arn:")) throw new UsageError(`"${executionArn}" is not an execution ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME:VERSION/durable-execution/...)`);
  const client = lambdaClient(values.endpoint, regionOf(executionArn));
  try {
    const document = await fetchHistory(client, executionArn);
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (values.out !== undefined) {
      writeFileSync(values.out, text);
      write(`${document.Events.length} events of ${executionArn} saved to ${values.out}`);
    }
    if (values.json) write(text.trimEnd());
    else if (values.out === undefined) for (const event of document.Events) write(eventLine(event as Record<string, unknown>));
    return 0;
  } finally {
    client.destroy();
  }
}

export function eventLine(event: Record<string, unknown>): string {
  const at = event.EventTimestamp instanceof Date ? event.EventTimestamp.toISOString() : String(event.EventTimestamp);
  const name = event.Name === undefined ? "" : ` "${String(event.Name)}"`;
  return `${String(event.EventId).padStart(4)}  ${at}  ${String(event.EventType).padEnd(22)}${event.SubType === undefined ? "" : ` ${String(event.SubType)}`}${name}`;
}
