import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe } from "../../dsl/duration";
import type { ErrorObject, OperationUpdate } from "../../interpreter/wire";
import { LIMITS } from "../../interpreter/wire";
import type { LocalExecution } from "./execution";
import type { FaultInjector, InjectedFault, ServiceFault } from "./faults";
import type { LocalService } from "./service";
import { executedVersionOf } from "./function-names";

export type { FaultInjector, ServiceFault } from "./faults";

export interface LocalHttpOptions {
  /** Requests with a larger body are refused with 413 before they are read in full; 16 MB by default. */
  maxBodyBytes?: number;
  /** Faults to inject (see FaultPlan); none by default. */
  faults?: FaultInjector;
  /** Sees every request first and answers the ones it takes (the web UI: its pages, and its refusals of foreign requests). */
  front?: HttpFront;
}

export interface HttpFront {
  /** True when it answered the request; false leaves it to the API. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

const STATUS_OF_ERROR: Record<string, number> = {
  ResourceNotFoundException: 404,
  InvalidParameterValueException: 400,
};

/** What a request is answered with; written by `handle`, unless an injected fault drops the connection. */
interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | number>;
  readonly body: string;
}

/**
 * The local service over HTTP on loopback, with the AWS REST paths and JSON shapes of client-lambda (timestamps as
 * epoch seconds, errors with x-amzn-errortype), so the real `@aws-sdk/client-lambda` talks to it through
 * `endpoint` or AWS_ENDPOINT_URL_LAMBDA: the checkpoint and state APIs, executions and their histories, the
 * callback API, StopDurableExecution, and Invoke.
 */
export class LocalHttpServer {
  private server: Server | undefined;
  faults: FaultInjector | undefined;
  private readonly maxBodyBytes: number;
  private readonly front: HttpFront | undefined;

  constructor(readonly service: LocalService, options: LocalHttpOptions = {}) {
    this.faults = options.faults;
    this.front = options.front;
    this.maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  }

  /** Listens on loopback unless `host` says otherwise. */
  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => write(response, faultReply({ status: 500, type: "ServiceException", message: String((error as Error)?.stack ?? error) })));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, resolve);
    });
    const address = server.address() as AddressInfo;
    const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
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
    if (this.front?.handle(request, response)) return;
    const url = new URL(request.url ?? "/", "http://local");
    const method = request.method ?? "GET";
    const body = await readBody(request, this.maxBodyBytes);
    if (body === undefined) {
      response.shouldKeepAlive = false;
      return write(response, faultReply({ status: 413, type: "RequestTooLargeException", message: `the request body is over ${this.maxBodyBytes} bytes` }));
    }
    const route = routeOf(method, url.pathname);
    if (route === undefined) return write(response, faultReply({ status: 404, type: "UnknownOperationException", message: `no API at ${method} ${url.pathname}` }));
    if ("allowed" in route) {
      return write(response, faultReply({ status: 405, type: "MethodNotAllowedException", message: `${method} is not allowed on ${url.pathname} (allowed: ${route.allowed})` }, { allow: route.allowed }));
    }
    const injected = this.faults?.({ method, path: url.pathname, query: url.searchParams, executionArn: route.executionArn ?? "", action: route.action });
    if (injected !== undefined && isDrop(injected, "before")) return void request.socket.destroy();
    if (injected !== undefined && "status" in injected) return write(response, faultReply(injected));
    let reply: Reply;
    try {
      reply = await this.serve(route, url.searchParams, body, request);
    } catch (error) {
      const name = (error as Error).name;
      reply = faultReply({ status: STATUS_OF_ERROR[name] ?? 400, type: name in STATUS_OF_ERROR ? name : "InvalidParameterValueException", message: (error as Error).message });
    }
    if (injected !== undefined && isDrop(injected, "after")) return void request.socket.destroy();
    if (injected !== undefined && "delayMs" in injected) await new Promise((resolve) => setTimeout(resolve, injected.delayMs));
    write(response, reply);
  }

  private async serve(route: Route, query: URLSearchParams, body: Buffer, request: IncomingMessage): Promise<Reply> {
    const service = this.service;
    switch (route.action) {
      case "checkpoint": {
        const parsed = checkpointRequest(body);
        const result = service.checkpoint(route.executionArn!, parsed.token, parsed.updates);
        return json({ CheckpointToken: result.CheckpointToken, NewExecutionState: result.NewExecutionState });
      }
      case "state": {
        const execution = service.get(route.executionArn!);
        return json(execution.page(query.get("CheckpointToken") ?? "", query.get("Marker") ?? undefined, Number(query.get("MaxItems") ?? LIMITS.statePageSize) || LIMITS.statePageSize));
      }
      case "execution":
        return json(describeExecution(service.get(route.executionArn!), true));
      case "history": {
        const events = service.get(route.executionArn!).history.events;
        const ordered = query.get("ReverseOrder") === "true" ? events.slice().reverse() : events;
        return json(paged(ordered, query, "Events"));
      }
      case "stop":
        return json({ StopTimestamp: service.stop(route.executionArn!, optionalError(body)).history.events.at(-1)?.EventTimestamp });
      case "list": {
        const statuses = query.getAll("Statuses");
        const name = query.get("DurableExecutionName");
        const executions = service.list(route.functionName)
          .filter((execution) => statuses.length === 0 || statuses.includes(execution.status))
          .filter((execution) => name === null || execution.executionArn.split("/").at(-2) === name)
          .map((execution) => describeExecution(execution, false));
        return json(paged(query.get("ReverseOrder") === "true" ? executions.reverse() : executions, query, "DurableExecutions"));
      }
      case "callback-succeed":
        if (body.length > LIMITS.operationPayloadBytes) throw invalid(`the callback result is ${body.length} bytes; the limit is ${LIMITS.operationPayloadBytes}`);
        service.succeedCallback(route.callbackId!, body.length === 0 ? undefined : body.toString("utf8"));
        return json({});
      case "callback-fail":
        service.failCallback(route.callbackId!, optionalError(body) ?? {});
        return json({});
      case "callback-heartbeat":
        service.heartbeatCallback(route.callbackId!);
        return json({});
      case "invoke":
        return this.invoke(route.functionName!, body, request);
    }
  }

  private async invoke(functionName: string, body: Buffer, request: IncomingMessage): Promise<Reply> {
    const invocationType = String(request.headers["x-amz-invocation-type"] ?? "RequestResponse");
    const name = request.headers["x-amz-durable-execution-name"];
    if (body.length > LIMITS.invocationResultBytes) {
      return faultReply({ status: 413, type: "RequestTooLargeException", message: `the request payload is ${body.length} bytes; Invoke takes at most ${LIMITS.invocationResultBytes}` });
    }
    const payload = body.length === 0 ? undefined : parseJson(body);
    const outcome = await this.service.invokeFunction(functionName, payload, { executionName: typeof name === "string" ? name : undefined, wait: invocationType === "RequestResponse" });
    const qualifier = new URL(request.url ?? "/", "http://local").searchParams.get("Qualifier") ?? undefined;
    const headers: Record<string, string> = { "x-amz-executed-version": executedVersionOf(functionName, qualifier) };
    if (outcome.executionArn !== undefined) headers["x-amz-durable-execution-arn"] = outcome.executionArn;
    if (invocationType !== "RequestResponse") return { status: 202, headers, body: "" };
    if (outcome.error !== undefined) headers["x-amz-function-error"] = "Unhandled";
    const result = outcome.error !== undefined ? JSON.stringify({ errorType: outcome.error.ErrorType, errorMessage: outcome.error.ErrorMessage }) : outcome.result ?? "null";
    return { status: 200, headers: { ...headers, "content-type": "application/json" }, body: result };
  }
}

function isDrop(fault: InjectedFault, when: "before" | "after"): boolean {
  return "drop" in fault && fault.drop === when;
}

interface Route {
  action: "checkpoint" | "state" | "execution" | "history" | "stop" | "list" | "callback-succeed" | "callback-fail" | "callback-heartbeat" | "invoke";
  executionArn?: string;
  callbackId?: string;
  functionName?: string;
}

/** The API at `path` for `method`; `{ allowed }` when the path is an API's but the method is not. */
function routeOf(method: string, path: string): Route | { allowed: string } | undefined {
  let match = /^\/2025-12-01\/durable-executions\/(.+?)(?:\/(checkpoint|state|history|stop))?$/.exec(path);
  if (match !== null) {
    const executionArn = decodeURIComponent(match[1]!);
    const sub = match[2];
    if (sub === "checkpoint" || sub === "stop") return method === "POST" ? { action: sub, executionArn } : { allowed: "POST" };
    if (sub === "state" || sub === "history") return method === "GET" ? { action: sub, executionArn } : { allowed: "GET" };
    return method === "GET" ? { action: "execution", executionArn } : { allowed: "GET" };
  }
  match = /^\/2025-12-01\/durable-execution-callbacks\/([^/]+)\/(succeed|fail|heartbeat)$/.exec(path);
  if (match !== null) return method === "POST" ? { action: `callback-${match[2] as "succeed" | "fail" | "heartbeat"}`, callbackId: decodeURIComponent(match[1]!) } : { allowed: "POST" };
  match = /^\/2025-12-01\/functions\/([^/]+)\/durable-executions$/.exec(path);
  if (match !== null) return method === "GET" ? { action: "list", functionName: decodeURIComponent(match[1]!) } : { allowed: "GET" };
  match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
  if (match !== null) return method === "POST" ? { action: "invoke", functionName: decodeURIComponent(match[1]!) } : { allowed: "POST" };
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
  } catch (error) {
    throw invalid(`the request body is not JSON (${(error as Error).message})`);
  }
}

function invalid(message: string): Error {
  return Object.assign(new Error(message), { name: "InvalidParameterValueException" });
}

/** A CheckpointDurableExecution body, checked the way the service checks it, naming the field that is wrong. */
function checkpointRequest(body: Buffer): { token: string; updates: OperationUpdate[] } {
  const parsed = parseJson(body);
  if (!isRecord(parsed)) throw invalid(`the checkpoint request must be a JSON object, got ${describe(parsed)}`);
  const { CheckpointToken, Updates = [] } = parsed;
  if (typeof CheckpointToken !== "string" || CheckpointToken === "") throw invalid(`CheckpointToken must be a non-empty string, got ${describe(CheckpointToken)}`);
  if (!Array.isArray(Updates)) throw invalid(`Updates must be an array, got ${describe(Updates)}`);
  if (Updates.length > LIMITS.updatesPerCheckpoint) throw invalid(`Updates has ${Updates.length} updates; at most ${LIMITS.updatesPerCheckpoint} per call`);
  Updates.forEach((update: unknown, index) => {
    if (!isRecord(update)) throw invalid(`Updates[${index}] must be an object, got ${describe(update)}`);
    for (const field of ["Id", "Type", "Action"]) {
      if (typeof update[field] !== "string" || update[field] === "") throw invalid(`Updates[${index}].${field} must be a non-empty string, got ${describe(update[field])}`);
    }
    for (const field of ["ParentId", "Name", "SubType", "Payload"]) {
      if (update[field] !== undefined && typeof update[field] !== "string") throw invalid(`Updates[${index}].${field} must be a string, got ${describe(update[field])}`);
    }
    if (update.Error !== undefined && !isRecord(update.Error)) throw invalid(`Updates[${index}].Error must be an error object, got ${describe(update.Error)}`);
    const payload = update.Payload as string | undefined;
    // The EXECUTION's SUCCEED carries a workflow result too large for the invocation's answer: the body limit bounds it.
    if (payload !== undefined && update.Type !== "EXECUTION" && payload.length * 3 > LIMITS.operationPayloadBytes) {
      const bytes = Buffer.byteLength(payload);
      if (bytes > LIMITS.operationPayloadBytes) throw invalid(`Updates[${index}].Payload (Id ${String(update.Id)}) is ${bytes} bytes; the limit for one operation is ${LIMITS.operationPayloadBytes}`);
    }
  });
  return { token: CheckpointToken, updates: Updates as OperationUpdate[] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The request's body; undefined when it is over `limit` bytes (the rest is not read). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** AWS's JSON carries timestamps as epoch seconds. */
function json(value: unknown): Reply {
  const body = JSON.stringify(value, function (this: Record<string, unknown>, key, item: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : item;
  });
  return { status: 200, headers: { "content-type": "application/json" }, body };
}

function faultReply(error: ServiceFault, headers: Record<string, string> = {}): Reply {
  const body = JSON.stringify({ message: error.message, Message: error.message, Type: "User" });
  return { status: error.status, headers: { ...headers, "content-type": "application/json", "x-amzn-errortype": error.type }, body };
}

function write(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { ...reply.headers, "content-length": Buffer.byteLength(reply.body) });
  response.end(reply.body);
}
