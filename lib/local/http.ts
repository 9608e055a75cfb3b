import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ErrorObject } from "../../interpreter/wire";
import { LIMITS } from "../../interpreter/wire";
import type { LocalExecution } from "./execution";
import type { LocalService } from "./service";

/** An error answered the way AWS answers it: an HTTP status, `x-amzn-errortype`, and a JSON message. */
export interface ServiceFault {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/** Decides, per request, whether to answer with a fault instead (for fault-injection tests). */
export type FaultInjector = (request: { method: string; path: string; query: URLSearchParams; executionArn: string }) => ServiceFault | undefined;

const STATUS_OF_ERROR: Record<string, number> = {
  ResourceNotFoundException: 404,
  InvalidParameterValueException: 400,
};

/**
 * The local service over HTTP on loopback, with the AWS REST paths and JSON shapes of client-lambda (timestamps as
 * epoch seconds, errors with x-amzn-errortype), so the real `@aws-sdk/client-lambda` talks to it through
 * `endpoint` or AWS_ENDPOINT_URL_LAMBDA: the checkpoint and state APIs, executions and their histories, the
 * callback API, StopDurableExecution, and Invoke.
 */
export class LocalHttpServer {
  private server: Server | undefined;
  faults: FaultInjector | undefined;

  constructor(readonly service: LocalService) {}

  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => fault(response, { status: 500, type: "ServiceException", message: String((error as Error)?.stack ?? error) }));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, resolve);
    });
    const url = `http://${host}:${(server.address() as AddressInfo).port}`;
    this.service.endpoint = url;
    return url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://local");
    const method = request.method ?? "GET";
    const body = await readBody(request);
    const route = routeOf(method, url.pathname);
    if (route === undefined) return fault(response, { status: 404, type: "UnknownOperationException", message: `no route for ${method} ${url.pathname}` });
    const injected = this.faults?.({ method, path: url.pathname, query: url.searchParams, executionArn: route.executionArn ?? "" });
    if (injected !== undefined) return fault(response, injected);
    try {
      await this.serve(route, url.searchParams, body, request, response);
    } catch (error) {
      const name = (error as Error).name;
      fault(response, { status: STATUS_OF_ERROR[name] ?? 400, type: name in STATUS_OF_ERROR ? name : "InvalidParameterValueException", message: (error as Error).message });
    }
  }

  private async serve(route: Route, query: URLSearchParams, body: Buffer, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const service = this.service;
    switch (route.action) {
      case "checkpoint": {
        const parsed = parseJson(body) as { CheckpointToken?: string; Updates?: [] };
        const result = service.checkpoint(route.executionArn!, parsed.CheckpointToken ?? "", parsed.Updates ?? []);
        return json(response, { CheckpointToken: result.CheckpointToken, NewExecutionState: result.NewExecutionState });
      }
      case "state": {
        const execution = service.get(route.executionArn!);
        return json(response, execution.page(query.get("CheckpointToken") ?? "", query.get("Marker") ?? undefined, Number(query.get("MaxItems") ?? LIMITS.statePageSize) || LIMITS.statePageSize));
      }
      case "execution":
        return json(response, describeExecution(service.get(route.executionArn!), true));
      case "history": {
        const events = service.get(route.executionArn!).history.events;
        const ordered = query.get("ReverseOrder") === "true" ? events.slice().reverse() : events;
        return json(response, paged(ordered, query, "Events"));
      }
      case "stop":
        return json(response, { StopTimestamp: service.stop(route.executionArn!, optionalError(body)).history.events.at(-1)?.EventTimestamp });
      case "list": {
        const statuses = query.getAll("Statuses");
        const name = query.get("DurableExecutionName");
        const executions = service.list(route.functionName)
          .filter((execution) => statuses.length === 0 || statuses.includes(execution.status))
          .filter((execution) => name === null || execution.executionArn.split("/").at(-2) === name)
          .map((execution) => describeExecution(execution, false));
        return json(response, paged(query.get("ReverseOrder") === "true" ? executions.reverse() : executions, query, "DurableExecutions"));
      }
      case "callback-succeed":
        service.succeedCallback(route.callbackId!, body.length === 0 ? undefined : body.toString("utf8"));
        return json(response, {});
      case "callback-fail":
        service.failCallback(route.callbackId!, optionalError(body) ?? {});
        return json(response, {});
      case "callback-heartbeat":
        service.heartbeatCallback(route.callbackId!);
        return json(response, {});
      case "invoke":
        return this.invoke(route.functionName!, body, request, response);
    }
  }

  private async invoke(functionName: string, body: Buffer, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const invocationType = String(request.headers["x-amz-invocation-type"] ?? "RequestResponse");
    const name = request.headers["x-amz-durable-execution-name"];
    const payload = body.length === 0 ? undefined : parseJson(body);
    const outcome = await this.service.invokeFunction(functionName, payload, { executionName: typeof name === "string" ? name : undefined, wait: invocationType === "RequestResponse" });
    const headers: Record<string, string> = { "x-amz-executed-version": "$LATEST" };
    if (outcome.executionArn !== undefined) headers["x-amz-durable-execution-arn"] = outcome.executionArn;
    if (invocationType !== "RequestResponse") {
      response.writeHead(202, headers);
      return void response.end();
    }
    if (outcome.error !== undefined) headers["x-amz-function-error"] = "Unhandled";
    const result = outcome.error !== undefined ? JSON.stringify({ errorType: outcome.error.ErrorType, errorMessage: outcome.error.ErrorMessage }) : outcome.result ?? "null";
    response.writeHead(200, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(result) });
    response.end(result);
  }
}

interface Route {
  action: "checkpoint" | "state" | "execution" | "history" | "stop" | "list" | "callback-succeed" | "callback-fail" | "callback-heartbeat" | "invoke";
  executionArn?: string;
  callbackId?: string;
  functionName?: string;
}

function routeOf(method: string, path: string): Route | undefined {
  let match = /^\/2025-12-01\/durable-executions\/(.+?)(?:\/(checkpoint|state|history|stop))?$/.exec(path);
  if (match !== null) {
    const executionArn = decodeURIComponent(match[1]!);
    const sub = match[2];
    if (sub === "checkpoint" && method === "POST") return { action: "checkpoint", executionArn };
    if (sub === "stop" && method === "POST") return { action: "stop", executionArn };
    if (sub === "state" && method === "GET") return { action: "state", executionArn };
    if (sub === "history" && method === "GET") return { action: "history", executionArn };
    if (sub === undefined && method === "GET") return { action: "execution", executionArn };
    return undefined;
  }
  match = /^\/2025-12-01\/durable-execution-callbacks\/([^/]+)\/(succeed|fail|heartbeat)$/.exec(path);
  if (match !== null && method === "POST") return { action: `callback-${match[2] as "succeed" | "fail" | "heartbeat"}`, callbackId: decodeURIComponent(match[1]!) };
  match = /^\/2025-12-01\/functions\/([^/]+)\/durable-executions$/.exec(path);
  if (match !== null && method === "GET") return { action: "list", functionName: decodeURIComponent(match[1]!) };
  match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
  if (match !== null && method === "POST") return { action: "invoke", functionName: decodeURIComponent(match[1]!) };
  return undefined;
}

function describeExecution(execution: LocalExecution, full: boolean): Record<string, unknown> {
  const end = execution.status === "RUNNING" ? undefined : execution.history.events.at(-1)?.EventTimestamp;
  const summary: Record<string, unknown> = {
    DurableExecutionArn: execution.executionArn,
    DurableExecutionName: execution.executionArn.split("/").at(-2),
    FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${execution.functionName}`,
    Status: execution.status,
    StartTimestamp: execution.startedAt,
    EndTimestamp: end,
  };
  if (!full) return summary;
  const input = execution.all().find((operation) => operation.Type === "EXECUTION")?.ExecutionDetails?.InputPayload;
  return { ...summary, InputPayload: input, Result: execution.result, Error: execution.error, Version: "$LATEST" };
}

function paged<T>(items: readonly T[], query: URLSearchParams, key: string): Record<string, unknown> {
  const start = Number(query.get("Marker") ?? "0") || 0;
  const size = Math.max(1, Math.min(Number(query.get("MaxItems") ?? 1000) || 1000, 1000));
  const page = items.slice(start, start + size);
  return start + size < items.length ? { [key]: page, NextMarker: String(start + size) } : { [key]: page };
}

function optionalError(body: Buffer): ErrorObject | undefined {
  return body.length === 0 ? undefined : (parseJson(body) as ErrorObject);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8") || "null");
  } catch {
    throw Object.assign(new Error("the request body is not JSON"), { name: "InvalidParameterValueException" });
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** AWS's JSON carries timestamps as epoch seconds. */
function json(response: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value, function (this: Record<string, unknown>, key, item: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : item;
  });
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
}

function fault(response: ServerResponse, error: ServiceFault): void {
  const body = JSON.stringify({ message: error.message, Message: error.message, Type: "User" });
  response.writeHead(error.status, { "content-type": "application/json", "x-amzn-errortype": error.type, "content-length": Buffer.byteLength(body) });
  response.end(body);
}
