import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LocalService } from "../local/service";
import { PAGE_SCRIPT, PAGE_STYLE } from "./assets";
import { LiveFeed } from "./live-feed";
import { PAGE_POLICY, pageHtml } from "./page-html";
import { RequestGuard, type Refusal } from "./request-guard";
import type { ExecutionList } from "./view-types";
import { executionDetail, executionSummary } from "./views";

export interface WebUiOptions {
  /** The durable functions the start form offers. */
  readonly functions?: readonly string[];
  /** The address the server listens on when it is not loopback (`--host`): Host headers that name it are accepted. */
  readonly host?: string;
}

const COMMON_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

/**
 * The web UI of the local service, served beside the AWS API on the same address: the page at `/`, its script and
 * style, a live feed of changes (server-sent events) and two read-only views. Reads go through the service's public
 * methods; every action the page takes is a call to the AWS API paths, as client-lambda makes it. It also guards the
 * API: mount it in front (LocalHttpServer's `front`), so that every request passes its Host, Origin and token checks.
 */
export class WebUi {
  /** Per process: the served page carries it, a page of another origin cannot read it. */
  readonly token = randomBytes(24).toString("base64url");
  private readonly guard: RequestGuard;
  private readonly feed = new LiveFeed();

  constructor(private readonly service: LocalService, private readonly options: WebUiOptions = {}) {
    this.guard = new RequestGuard(this.token, options.host);
    service.onEvent((execution) => this.feed.changed(execution.executionArn));
  }

  /** Answers a request that is the UI's or that the guard refuses; false leaves it to the API. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const refusal = this.guard.check(request);
    if (refusal !== undefined) return refuse(response, refusal);
    const url = new URL(request.url ?? "/", "http://local");
    const path = url.pathname;
    if (path !== "/" && !path.startsWith("/ui/")) return false;
    if (request.method !== "GET" && request.method !== "HEAD") {
      return refuse(response, { status: 405, type: "MethodNotAllowedException", message: `${request.method} is not allowed on ${path} (the UI's paths are read-only; actions go through the API)` }, { allow: "GET" });
    }
    switch (path) {
      case "/":
        return send(response, 200, "text/html; charset=utf-8", pageHtml(this.token), { "content-security-policy": PAGE_POLICY, "x-frame-options": "DENY" });
      case "/ui/app.js":
        return send(response, 200, "text/javascript; charset=utf-8", PAGE_SCRIPT);
      case "/ui/app.css":
        return send(response, 200, "text/css; charset=utf-8", PAGE_STYLE);
      case "/ui/events":
        this.feed.subscribe(response);
        return true;
      case "/ui/api/executions":
        return sendJson(response, this.executions());
      case "/ui/api/execution": {
        const arn = url.searchParams.get("arn") ?? "";
        const execution = this.service.list().find((candidate) => candidate.executionArn === arn);
        if (execution === undefined) return refuse(response, { status: 404, type: "ResourceNotFoundException", message: `Durable execution ${arn} not found` });
        return sendJson(response, executionDetail(execution, this.service.clock.now()));
      }
      default:
        return refuse(response, { status: 404, type: "UnknownOperationException", message: `nothing at ${path}` });
    }
  }

  /** Ends the live streams; the server closes their connections too. */
  close(): void {
    this.feed.close();
  }

  private executions(): ExecutionList {
    const executions = this.service.list().map(executionSummary).reverse();
    const functions = [...new Set([...(this.options.functions ?? []), ...executions.map((execution) => execution.functionName)])].sort();
    return { now: this.service.clock.now(), functions, executions };
  }
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): true {
  response.writeHead(status, { ...COMMON_HEADERS, ...headers, "content-type": type, "content-length": Buffer.byteLength(body) });
  response.end(body);
  return true;
}

function sendJson(response: ServerResponse, value: unknown): true {
  return send(response, 200, "application/json", JSON.stringify(value));
}

/** A refusal in the API's error shape (x-amzn-errortype), so client-lambda names it too. */
function refuse(response: ServerResponse, refusal: Refusal, headers: Record<string, string> = {}): true {
  response.shouldKeepAlive = false;
  const body = JSON.stringify({ message: refusal.message, Message: refusal.message, Type: "User" });
  return send(response, refusal.status, "application/json", body, { ...headers, "x-amzn-errortype": refusal.type });
}
