import { parseArgs } from "node:util";
import {
  SendDurableExecutionCallbackFailureCommand, SendDurableExecutionCallbackHeartbeatCommand, SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { ENDPOINT_HELP, lambdaClient } from "./lambda-client";
import { UsageError } from "./load-module";

export const CALLBACK_HELP = `durable callback succeed|fail|heartbeat <callbackId> [payload] [--endpoint URL]

Answers a callback of an execution on a running local service (durable run / durable serve) or on AWS.
  succeed: payload is the result, sent as given (JSON by convention)
  fail:    payload is JSON {"ErrorType", "ErrorMessage", "ErrorData"} (or a plain message)
${ENDPOINT_HELP}`;

export async function callbackCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { endpoint: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) return write(CALLBACK_HELP), 0;
  const [action, callbackId, payload] = positionals;
  if (action !== "succeed" && action !== "fail" && action !== "heartbeat") throw new UsageError(`durable callback needs succeed, fail or heartbeat, got ${action ?? "nothing"}\n\n${CALLBACK_HELP}`);
  if (callbackId === undefined) throw new UsageError(`durable callback ${action} needs a callback id\n\n${CALLBACK_HELP}`);
  const client = lambdaClient(values.endpoint);
  try {
    if (action === "succeed") await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: payload === undefined ? undefined : Buffer.from(payload) }));
    else if (action === "heartbeat") await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    else await client.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: errorOf(payload) }));
    write(`callback ${callbackId}: ${action} sent`);
    return 0;
  } finally {
    client.destroy();
  }
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
