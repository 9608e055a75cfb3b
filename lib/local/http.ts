import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Operation } from "../../interpreter/wire";
import { LIMITS } from "../../interpreter/wire";
import type { LocalExecution } from "./execution";

const API = "/2025-12-01/durable-executions/";

/** An error answered the way AWS answers it: an HTTP status, `x-amzn-errortype`, and a JSON message. */
export interface ServiceFault {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/** Decides, per request, whether to answer with a fault instead (for fault-injection tests). */
export type FaultInjector = (request: { method: string; path: string; query: URLSearchParams; executionArn: string }) => ServiceFault | undefined;

/**
 * The durable-execution API over HTTP on loopback, with AWS's REST paths and JSON shapes, so that the real
 * `@aws-sdk/client-lambda` (through `endpoint` or AWS_ENDPOINT_URL_LAMBDA) talks to local executions.
 */
export class LocalHttpService {
  private readonly executions = new Map<string, LocalExecution>();
  private server: Server | undefined;
  faults: FaultInjector | undefined;

  add(execution: LocalExecution): LocalExecution {
    this.executions.set(execution.executionArn, execution);
    return execution;
  }

  async listen(port = 0): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => answerFault(response, { status: 500, type: "ServiceException", message: String(error) }));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://local");
    if (!url.pathname.startsWith(API)) return answerFault(response, { status: 404, type: "UnknownOperationException", message: `no route for ${url.pathname}` });
    const rest = url.pathname.slice(API.length);
    const slash = rest.lastIndexOf("/");
    const executionArn = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
    const action = slash === -1 ? "" : rest.slice(slash + 1);
    const body = await readBody(request);
    const fault = this.faults?.({ method: request.method ?? "GET", path: url.pathname, query: url.searchParams, executionArn });
    if (fault !== undefined) return answerFault(response, fault);
    const execution = this.executions.get(executionArn);
    if (execution === undefined) return answerFault(response, { status: 404, type: "ResourceNotFoundException", message: `Durable execution ${executionArn} not found` });

    if (request.method === "POST" && action === "checkpoint") {
      let parsed: { CheckpointToken?: string; Updates?: [] };
      try {
        parsed = JSON.parse(body || "{}") as typeof parsed;
      } catch {
        return answerFault(response, { status: 400, type: "InvalidParameterValueException", message: "the request body is not JSON" });
      }
      try {
        const result = execution.checkpoint(parsed.CheckpointToken ?? "", parsed.Updates ?? []);
        return answerJson(response, { CheckpointToken: result.CheckpointToken, NewExecutionState: { Operations: result.NewExecutionState.Operations.map(toWire) } });
      } catch (error) {
        return answerFault(response, { status: 400, type: (error as Error).name, message: (error as Error).message });
      }
    }
    if (request.method === "GET" && action === "state") {
      const operations = execution.all();
      const start = Number(url.searchParams.get("Marker") ?? "0") || 0;
      const size = Math.min(Number(url.searchParams.get("MaxItems") ?? LIMITS.statePageSize) || LIMITS.statePageSize, LIMITS.statePageSize);
      const page = operations.slice(start, start + size);
      const next = start + size < operations.length ? String(start + size) : undefined;
      return answerJson(response, next === undefined ? { Operations: page.map(toWire) } : { Operations: page.map(toWire), NextMarker: next });
    }
    return answerFault(response, { status: 404, type: "UnknownOperationException", message: `no route for ${request.method} ${url.pathname}` });
  }
}

/** AWS's JSON carries timestamps as epoch seconds. */
function toWire(operation: Operation): unknown {
  return JSON.parse(JSON.stringify(operation), (key, value: unknown) =>
    key.endsWith("Timestamp") && typeof value === "string" ? Date.parse(value) / 1000 : value,
  );
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function answerJson(response: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
}

function answerFault(response: ServerResponse, fault: ServiceFault): void {
  const body = JSON.stringify({ message: fault.message, Message: fault.message });
  response.writeHead(fault.status, { "content-type": "application/json", "x-amzn-errortype": fault.type, "content-length": Buffer.byteLength(body) });
  response.end(body);
}
