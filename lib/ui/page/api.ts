/// <reference lib="dom" />
// The page's calls. Reads of the UI's own views; every action through the AWS API paths, as client-lambda calls
// them, with the page's token: the page can do exactly what the API allows, and no more.
import type { ExecutionDetail, ExecutionList } from "../view-types";

const TOKEN_HEADER = "x-durable-ui-token";
const token = document.querySelector<HTMLMetaElement>('meta[name="durable-ui-token"]')?.content ?? "";

/** What the service answered with an error: its x-amzn-errortype and message. */
export class ServiceError extends Error {
  constructor(readonly type: string, message: string) {
    super(`${type}: ${message}`);
  }
}

async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(path, { method, headers: { [TOKEN_HEADER]: token, ...headers }, body, cache: "no-store", credentials: "omit" });
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: the text is the message
    }
    throw new ServiceError(response.headers.get("x-amzn-errortype") ?? `HTTP ${response.status}`, message);
  }
  return response;
}

async function json<T>(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<T> {
  return (await call(method, path, body, headers)).json() as Promise<T>;
}

const executionPath = (arn: string) => `/2025-12-01/durable-executions/${encodeURIComponent(arn)}`;
const callbackPath = (callbackId: string, action: string) => `/2025-12-01/durable-execution-callbacks/${encodeURIComponent(callbackId)}/${action}`;

export const readExecutions = () => json<ExecutionList>("GET", "/ui/api/executions");
export const readExecution = (arn: string) => json<ExecutionDetail>("GET", `/ui/api/execution?arn=${encodeURIComponent(arn)}`);

/** Invoke with InvocationType Event: the execution starts and its ARN comes back at once. */
export async function startExecution(functionName: string, input: string | undefined, executionName: string | undefined): Promise<string> {
  const headers: Record<string, string> = { "x-amz-invocation-type": "Event", "content-type": "application/json" };
  if (executionName !== undefined && executionName !== "") headers["x-amz-durable-execution-name"] = executionName;
  const response = await call("POST", `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, input, headers);
  const arn = response.headers.get("x-amz-durable-execution-arn");
  if (arn === null) throw new ServiceError("NotDurable", `${functionName} is not a durable function: no execution was started`);
  return arn;
}

/** GetDurableExecution: what it was started with, to start it again. */
export async function executionInput(arn: string): Promise<{ functionName: string; input: string | undefined }> {
  const described = await json<{ FunctionArn: string; InputPayload?: string }>("GET", executionPath(arn));
  return { functionName: described.FunctionArn.split(":function:")[1]?.split(":")[0] ?? "", input: described.InputPayload };
}

export const stopExecution = (arn: string) => call("POST", `${executionPath(arn)}/stop`, JSON.stringify({ ErrorType: "Execution.Stopped", ErrorMessage: "stopped from the web UI" }), { "content-type": "application/json" });
export const succeedCallback = (callbackId: string, result: string) => call("POST", callbackPath(callbackId, "succeed"), result, { "content-type": "application/octet-stream" });
export const failCallback = (callbackId: string, error: { ErrorType: string; ErrorMessage: string; ErrorData?: string }) => call("POST", callbackPath(callbackId, "fail"), JSON.stringify(error), { "content-type": "application/json" });
export const heartbeatCallback = (callbackId: string) => call("POST", callbackPath(callbackId, "heartbeat"));

/**
 * GetDurableExecutionHistory, every page, as `durable history --out` saves it: {DurableExecutionArn, Events}, with
 * the wire's epoch-second timestamps as ISO 8601 (what client-lambda's Dates print as).
 */
export async function historyDocument(arn: string): Promise<{ DurableExecutionArn: string; Events: unknown[] }> {
  const events: unknown[] = [];
  let marker: string | undefined;
  do {
    const query = new URLSearchParams({ IncludeExecutionData: "true", MaxItems: "1000" });
    if (marker !== undefined) query.set("Marker", marker);
    const page = await json<{ Events: unknown[]; NextMarker?: string }>("GET", `${executionPath(arn)}/history?${query}`);
    events.push(...page.Events.map(isoTimestamps));
    marker = page.NextMarker;
  } while (marker !== undefined);
  return { DurableExecutionArn: arn, Events: events };
}

function isoTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(isoTimestamps);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key.endsWith("Timestamp") && typeof item === "number" ? new Date(item * 1000).toISOString() : isoTimestamps(item)]));
}
