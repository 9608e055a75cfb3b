import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ErrorObject } from "../../interpreter/wire";
import { LIMITS } from "../../interpreter/wire";
import { checkCheckpointRequest, checkErrorObject, InvalidRequestError } from "./api-validation";
import type { LocalExecution } from "./execution";
import type { FaultInjector, InjectedFault, ServiceFault } from "./faults";
import type { ExecutionSummary, LocalService } from "./service";
import { executedVersionOf } from "./function-names";

export type { FaultInjector, ServiceFault } from "./faults";

/**
 * Limits, faults and a front for LocalHttpServer.
 * @example
 * new LocalHttpServer(service, { maxBodyBytes: 1 << 20, requestTimeoutMs: 5000, faults: new FaultPlan({ rates: { "500": 0.1 }, seed: 7 }).injector });
 */
export interface LocalHttpOptions {
  /** Requests with a larger body are refused with 413 before they are read in full; 16 MB by default. */
  maxBodyBytes?: number;
  /** Faults to inject (see FaultPlan); none by default. */
  faults?: FaultInjector;
  /** How long a client may take to send a whole request (headers and body); 10 s by default. */
  requestTimeoutMs?: number;
  /** How many connections are served at once; more wait in the kernel's backlog. 256 by default. */
  maxConnections?: number;
  /** Sees every request first and answers the ones it takes (the web UI: its pages, and its refusals of foreign requests). */
  front?: HttpFront;
}

/**
 * Something mounted in front of the API (the web UI): it answers the requests it takes.
 * @example
 * const health: HttpFront = { handle: (request, response) => request.url === "/health" && (response.end("ok"), true) };
 */
export interface HttpFront {
  /** True when it answered the request; false leaves it to the API. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

const STATUS_OF_ERROR: Record<string, number> = {
  ResourceNotFoundException: 404,
  InvalidParameterValueException: 400,
  DurableExecutionAlreadyStartedException: 409,
  ServiceException: 500,
  ServiceUnavailableException: 503,
};

/** The largest body each API takes; bodies are read only once the route is known. */
/** Read up to 1 MB, so a result somewhat over the limit gets the limit's own answer; beyond it, 413 unread. */
const CALLBACK_BODY_BYTES = 1024 * 1024;
const ERROR_BODY_BYTES = 64 * 1024;

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
 * @example
 * const server = new LocalHttpServer(service);
 * const endpoint = await server.listen(); // http://127.0.0.1:PORT
 * const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
 * await server.close();
 */
export class LocalHttpServer {
  private server: Server | undefined;
  faults: FaultInjector | undefined;
  private readonly maxBodyBytes: number;
  private readonly front: HttpFront | undefined;

  constructor(readonly service: LocalService, private readonly options: LocalHttpOptions = {}) {
    this.faults = options.faults;
    this.front = options.front;
    this.maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  }

  /** Listens on loopback unless `host` says otherwise. */
  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    const requestTimeout = this.options.requestTimeoutMs ?? 10_000;
    // Slow or oversize clients are cut off (408, 431) so that they cannot hold every connection or descriptor.
    const server = createServer({ requestTimeout, headersTimeout: Math.min(requestTimeout, 10_000), connectionsCheckingInterval: Math.min(1000, requestTimeout / 2), keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 }, (request, response) => {
      this.handle(request, response).catch((error: unknown) => write(response, faultReply({ status: 500, type: "ServiceException", message: `internal error: ${(error as Error)?.message ?? String(error)}` })));
    });
    server.maxConnections = this.options.maxConnections ?? 256;
    server.maxHeadersCount = 100;
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
    let url: URL;
    try {
      url = new URL(request.url ?? "/", "http://local");
    } catch {
      return refuse(request, response, faultReply({ status: 400, type: "InvalidParameterValueException", message: "the request path is not a URL path" }));
    }
    const method = request.method ?? "GET";
    let route: ReturnType<typeof routeOf>;
    try {
      route = routeOf(method, url.pathname);
    } catch (error) {
      return refuse(request, response, faultReply({ status: 400, type: "InvalidParameterValueException", message: (error as Error).message }));
    }
    if (route === undefined) return refuse(request, response, faultReply({ status: 404, type: "UnknownOperationException", message: `no API at ${method} ${url.pathname.slice(0, 200)}` }));
    if ("allowed" in route) {
      return refuse(request, response, faultReply({ status: 405, type: "MethodNotAllowedException", message: `${method} is not allowed on ${url.pathname.slice(0, 200)} (allowed: ${route.allowed})` }, { allow: route.allowed }));
    }
    const limit = this.bodyLimitOf(route);
    const body = await readBody(request, limit, this.options.requestTimeoutMs ?? 10_000);
    if (body === "too large") {
      return refuse(request, response, faultReply({ status: 413, type: "RequestTooLargeException", message: `the request body is over ${limit} bytes` }));
    }
    if (body === "too slow") {
      return refuse(request, response, faultReply({ status: 408, type: "RequestTimeoutException", message: `the request body did not arrive within ${this.options.requestTimeoutMs ?? 10_000} ms` }));
    }
    const injected = this.faults?.({ method, path: url.pathname, query: url.searchParams, executionArn: route.executionArn ?? "", action: route.action });
    if (injected !== undefined && isDrop(injected, "before")) return void request.socket.destroy();
    if (injected !== undefined && "status" in injected) return write(response, faultReply(injected));
    let reply: Reply;
    try {
      reply = await this.serve(route, url.searchParams, body, request);
    } catch (error) {
      reply = errorReply(error);
    }
    if (injected !== undefined && isDrop(injected, "after")) return void request.socket.destroy();
    if (injected !== undefined && "delayMs" in injected) await new Promise((resolve) => setTimeout(resolve, injected.delayMs));
    write(response, reply);
  }

  /** The largest body the route takes: the callback API's a payload's, the stop and fail APIs' an error's, Invoke's 6 MB. */
  private bodyLimitOf(route: Route): number {
    switch (route.action) {
      case "callback-succeed":
        return Math.min(this.maxBodyBytes, CALLBACK_BODY_BYTES);
      case "callback-fail":
      case "stop":
        return Math.min(this.maxBodyBytes, ERROR_BODY_BYTES);
      case "invoke":
        return Math.min(this.maxBodyBytes, LIMITS.invocationResultBytes + 1);
      case "checkpoint":
        return this.maxBodyBytes;
      default:
        return Math.min(this.maxBodyBytes, 1024);
    }
  }

  private async serve(route: Route, query: URLSearchParams, body: Buffer, request: IncomingMessage): Promise<Reply> {
    const service = this.service;
    switch (route.action) {
      case "checkpoint": {
        const parsed = checkCheckpointRequest(parseJson(body));
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
        return json({ StopTimestamp: service.stop(route.executionArn!, optionalError(body, "the stop request's Error")).history.events.at(-1)?.EventTimestamp });
      case "list": {
        const statuses = query.getAll("Statuses");
        const name = query.get("DurableExecutionName");
        const executions = service.summaries(route.functionName)
          .filter((execution) => statuses.length === 0 || statuses.includes(execution.status))
          .filter((execution) => name === null || execution.name === name)
          .map(describeSummary);
        return json(paged(query.get("ReverseOrder") === "true" ? executions.reverse() : executions, query, "DurableExecutions"));
      }
      case "callback-succeed":
        if (body.length > LIMITS.operationPayloadBytes) throw invalid(`the callback result is ${body.length} bytes; the limit is ${LIMITS.operationPayloadBytes}`);
        service.succeedCallback(route.callbackId!, body.length === 0 ? undefined : body.toString("utf8"));
        return json({});
      case "callback-fail":
        service.failCallback(route.callbackId!, optionalError(body, "the callback's error") ?? {});
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
    if (invocationType !== "RequestResponse" && invocationType !== "Event" && invocationType !== "DryRun") {
      throw new InvalidRequestError(`X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, got ${JSON.stringify(invocationType.slice(0, 64))}`);
    }
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
    const executionArn = decoded(match[1]!);
    const sub = match[2];
    if (sub === "checkpoint" || sub === "stop") return method === "POST" ? { action: sub, executionArn } : { allowed: "POST" };
    if (sub === "state" || sub === "history") return method === "GET" ? { action: sub, executionArn } : { allowed: "GET" };
    return method === "GET" ? { action: "execution", executionArn } : { allowed: "GET" };
  }
  match = /^\/2025-12-01\/durable-execution-callbacks\/([^/]+)\/(succeed|fail|heartbeat)$/.exec(path);
  if (match !== null) return method === "POST" ? { action: `callback-${match[2] as "succeed" | "fail" | "heartbeat"}`, callbackId: decoded(match[1]!) } : { allowed: "POST" };
  match = /^\/2025-12-01\/functions\/([^/]+)\/durable-executions$/.exec(path);
  if (match !== null) return method === "GET" ? { action: "list", functionName: decoded(match[1]!) } : { allowed: "GET" };
  match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path);
  if (match !== null) return method === "POST" ? { action: "invoke", functionName: decoded(match[1]!) } : { allowed: "POST" };
  return undefined;
}

/** A path segment decoded; a malformed percent-escape is the client's error, named. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Error(`the path segment ${JSON.stringify(segment.slice(0, 100))} has a malformed percent-escape`);
  }
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

function describeSummary(summary: ExecutionSummary): Record<string, unknown> {
  return {
    DurableExecutionArn: summary.executionArn,
    DurableExecutionName: summary.name,
    FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${summary.functionName}`,
    Status: summary.status,
    StartTimestamp: summary.startedAt,
    EndTimestamp: summary.endedAt,
  };
}

function paged<T>(items: readonly T[], query: URLSearchParams, key: string): Record<string, unknown> {
  const start = Number(query.get("Marker") ?? "0") || 0;
  const size = Math.max(1, Math.min(Number(query.get("MaxItems") ?? 1000) || 1000, 1000));
  const page = items.slice(start, start + size);
  return start + size < items.length ? { [key]: page, NextMarker: String(start + size) } : { [key]: page };
}

function optionalError(body: Buffer, what: string): ErrorObject | undefined {
  return body.length === 0 ? undefined : checkErrorObject(parseJson(body), what);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8") || "null");
  } catch (error) {
    throw invalid(`the request body is not JSON (${(error as Error).message})`);
  }
}

function invalid(message: string): Error {
  return new InvalidRequestError(message);
}

/** An error as AWS answers it: the status its name (or its $metadata) says; an error of ours is a 500 without its stack. */
function errorReply(error: unknown): Reply {
  const name = (error as Error)?.name ?? "Error";
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode ?? STATUS_OF_ERROR[name];
  if (status === undefined) return faultReply({ status: 500, type: "ServiceException", message: `internal error: ${(error as Error)?.message ?? String(error)}` });
  return faultReply({ status, type: name, message: (error as Error).message });
}

/** The request's body; "too large" when it is over `limit` bytes, "too slow" when it has not all come within `timeoutMs` (the rest is not read). */
function readBody(request: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer | "too large" | "too slow"> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.resolve("too large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (outcome: "too large" | "too slow") => {
      request.removeAllListeners("data");
      request.pause();
      resolve(outcome);
    };
    const timer = setTimeout(() => stop("too slow"), Math.max(0, timeoutMs - 50));
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        clearTimeout(timer);
        stop("too large");
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
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

/** Answers without reading the body, and closes the connection: what is left of the body is never read. */
function refuse(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  if (!request.complete) {
    response.shouldKeepAlive = false;
    response.on("finish", () => request.socket.destroy());
  }
  write(response, reply);
}

function write(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { ...reply.headers, "content-length": Buffer.byteLength(reply.body) });
  response.end(reply.body);
}
