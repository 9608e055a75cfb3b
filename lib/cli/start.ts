import { parseArgs } from "node:util";
import { GetDurableExecutionCommand, InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { fetchHistory } from "../replay/fetch-history";
import { eventLine } from "./history";
import { ENDPOINT_HELP, lambdaClient } from "./lambda-client";
import { UsageError } from "./load-module";

export const START_HELP = `durable start <function> [--input JSON] [--name NAME] [--wait] [--endpoint URL]

Starts an execution of a durable function on a running service (durable serve, or AWS) and prints its ARN.
  --name NAME: the execution's name (starting the same name with the same input again gives the same execution)
  --wait:      follows its history until it ends, then prints the result; exit 1 when it did not succeed
${ENDPOINT_HELP}`;

const POLL_MS = 250;

export async function startCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { input: { type: "string" }, name: { type: "string" }, wait: { type: "boolean" }, endpoint: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) return write(START_HELP), 0;
  const [functionName, ...extra] = positionals;
  if (functionName === undefined || extra.length > 0) throw new UsageError(`durable start takes one function name\n\n${START_HELP}`);
  if (values.input !== undefined) {
    try {
      JSON.parse(values.input);
    } catch (error) {
      throw new UsageError(`--input is not JSON: ${(error as Error).message}`);
    }
  }
  const client = lambdaClient(values.endpoint);
  try {
    const started = await client.send(new InvokeCommand({
      FunctionName: functionName,
      InvocationType: "Event",
      ...(values.name === undefined ? {} : { DurableExecutionName: values.name }),
      ...(values.input === undefined ? {} : { Payload: Buffer.from(values.input) }),
    }));
    const executionArn = started.DurableExecutionArn;
    if (executionArn === undefined) throw new UsageError(`${functionName} is not a durable function: the service started no durable execution`);
    write(executionArn);
    return values.wait ? await follow(client, executionArn, write) : 0;
  } finally {
    client.destroy();
  }
}

/** Prints the execution's history events as they come, then its outcome. */
async function follow(client: LambdaClient, executionArn: string, write: (line: string) => void): Promise<number> {
  let printed = 0;
  for (;;) {
    const { Status, Result, Error: error } = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: executionArn }));
    const { Events } = await fetchHistory(client, executionArn);
    for (const event of Events.slice(printed)) write(eventLine(event as Record<string, unknown>));
    printed = Events.length;
    if (Status !== "RUNNING") {
      write(Status === "SUCCEEDED" ? `result: ${Result ?? "(none)"}` : `${Status}: ${JSON.stringify(error)}`);
      return Status === "SUCCEEDED" ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
