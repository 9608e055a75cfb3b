import { parseArgs } from "node:util";
import {
  LambdaClient, SendDurableExecutionCallbackFailureCommand, SendDurableExecutionCallbackHeartbeatCommand, SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { UsageError } from "./load-module";

export const CALLBACK_HELP = `durable callback succeed|fail|heartbeat <callbackId> [payload] [--endpoint URL]

Answers a callback of an execution on a running local service (durable run / durable serve) or on AWS.
  succeed: payload is the result, sent as given (JSON by convention)
  fail:    payload is JSON {"ErrorType", "ErrorMessage", "ErrorData"} (or a plain message)
The endpoint defaults to AWS_ENDPOINT_URL_LAMBDA, else http://127.0.0.1:9014.`;

export async function callbackCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { endpoint: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) return write(CALLBACK_HELP), 0;
  const [action, callbackId, payload] = positionals;
  if (action !== "succeed" && action !== "fail" && action !== "heartbeat") throw new UsageError(`durable callback needs succeed, fail or heartbeat, got ${action ?? "nothing"}\n\n${CALLBACK_HELP}`);
  if (callbackId === undefined) throw new UsageError(`durable callback ${action} needs a callback id\n\n${CALLBACK_HELP}`);
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL_LAMBDA ?? "http://127.0.0.1:9014";
  const client = new LambdaClient({ endpoint, region: process.env.AWS_REGION ?? "us-east-1", credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local", secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local" } });
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
