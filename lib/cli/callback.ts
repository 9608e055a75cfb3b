import { parseArgs } from "node:util";
import {
  SendDurableExecutionCallbackFailureCommand, SendDurableExecutionCallbackHeartbeatCommand, SendDurableExecutionCallbackSuccessCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { fetchHistory } from "../replay/fetch-history";
import { ENDPOINT_HELP, lambdaClient, regionOf } from "./lambda-client";
import { UsageError } from "./load-module";

export const CALLBACK_HELP = `durable callback succeed|fail|heartbeat <callbackId> [payload] [--endpoint URL]
durable callback succeed|fail|heartbeat --execution ARN --operation NAME [payload] [--endpoint URL]

Answers a callback of an execution on a running local service (durable run / durable serve) or on AWS, by its
id, or by the name of the createCallback / waitForCallback that opened it within an execution.
  succeed: payload is the result, sent as given (JSON by convention)
  fail:    payload is JSON {"ErrorType", "ErrorMessage", "ErrorData"} (or a plain message)
${ENDPOINT_HELP}`;

export async function callbackCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { endpoint: { type: "string" }, execution: { type: "string" }, operation: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) return write(CALLBACK_HELP), 0;
  const byName = values.execution !== undefined || values.operation !== undefined;
  if (byName && (values.execution === undefined || values.operation === undefined)) throw new UsageError(`--execution and --operation go together\n\n${CALLBACK_HELP}`);
  const [action, ...rest] = positionals;
  if (action !== "succeed" && action !== "fail" && action !== "heartbeat") throw new UsageError(`durable callback needs succeed, fail or heartbeat, got ${action ?? "nothing"}\n\n${CALLBACK_HELP}`);
  const [given, payload] = byName ? [undefined, rest[0]] : rest;
  if (!byName && given === undefined) throw new UsageError(`durable callback ${action} needs a callback id (or --execution ARN --operation NAME)\n\n${CALLBACK_HELP}`);
  const client = lambdaClient(values.endpoint, values.execution === undefined ? undefined : regionOf(values.execution));
  try {
    const callbackId = given ?? await openCallbackId(client, values.execution!, values.operation!);
    if (action === "succeed") await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: payload === undefined ? undefined : Buffer.from(payload) }));
    else if (action === "heartbeat") await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    else await client.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: errorOf(payload) }));
    write(`callback ${byName ? `"${values.operation}" ` : ""}${callbackId}: ${action} sent`);
    return 0;
  } finally {
    client.destroy();
  }
}

interface CallbackEvent {
  readonly EventType?: string;
  readonly Id?: string;
  readonly ParentId?: string;
  readonly Name?: string;
  readonly CallbackStartedDetails?: { readonly CallbackId?: string };
}

/**
 * The id of the open callback that the operation `name` started: a createCallback's CALLBACK carries the name,
 * a waitForCallback's is unnamed inside the CONTEXT that carries it.
 */
async function openCallbackId(client: LambdaClient, executionArn: string, name: string): Promise<string> {
  const events = (await fetchHistory(client, executionArn)).Events as CallbackEvent[];
  const names = new Map(events.filter((event) => event.Id !== undefined && event.Name !== undefined).map((event) => [event.Id!, event.Name!]));
  const ended = new Set(events.filter((event) => /^Callback(Succeeded|Failed|TimedOut)$/.test(event.EventType ?? "")).map((event) => event.Id));
  const open = events
    .filter((event) => event.EventType === "CallbackStarted" && !ended.has(event.Id))
    .map((event) => ({ name: event.Name ?? names.get(event.ParentId ?? ""), callbackId: event.CallbackStartedDetails?.CallbackId }));
  const matching = open.filter((callback) => callback.name === name && callback.callbackId !== undefined);
  if (matching.length === 1) return matching[0]!.callbackId!;
  const openNames = open.map((callback) => `"${callback.name ?? "(unnamed)"}"`).join(", ") || "none";
  if (matching.length === 0) throw new UsageError(`execution ${executionArn} has no open callback named "${name}" (open callbacks: ${openNames})`);
  throw new UsageError(`execution ${executionArn} has ${matching.length} open callbacks named "${name}": give the callback id instead (${matching.map((callback) => callback.callbackId).join(", ")})`);
}

function errorOf(payload: string | undefined): { ErrorType?: string; ErrorMessage?: string; ErrorData?: string } {
  if (payload === undefined) return { ErrorType: "Error", ErrorMessage: "failed" };
  try {
    const parsed = JSON.parse(payload) as unknown;
    if (parsed !== null && typeof parsed === "object") return parsed as { ErrorType?: string };
  } catch {
    // a plain message
  }
  return { ErrorType: "Error", ErrorMessage: payload };
}
