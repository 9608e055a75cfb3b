import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ExecutionNotFoundError, type LocalService } from "../local/service";
import { PAGE_SCRIPT, PAGE_STYLE } from "./assets";
import { LiveFeed } from "./live-feed";
import { PAGE_POLICY, pageHtml } from "./page-html";
import { RequestGuard, type Refusal } from "./request-guard";
import type { ExecutionDetail, ExecutionList } from "./view-types";
import { executionDetail, listedExecution } from "./views";

/**
 * Options of WebUi.
 * @example
 * const host = "0.0.0.0"; // reachable from other machines: the guard must accept the Host headers they send
 * const ui = new WebUi(service, { functions: ["order", "refund"], host });
 * await new LocalHttpServer(service, { front: ui }).listen(4010, host);
 */
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
 * methods, and only as far as each needs: the list is the service's summaries (a finished execution's archive is
 * not read for it), an execution page reads that one execution. The feed follows the service's committed changes
 * (not a journal's replay at restore). Every action the page takes is a call to the AWS API paths, as client-lambda
 * makes it. It also guards the API: mount it in front (LocalHttpServer's `front`), so that every request passes its
 * Host, Origin and token checks.
 * @example
 * const ui = new WebUi(service, { functions: ["order"] });
 * const server = new LocalHttpServer(service, { front: ui });
 * console.log(`web UI: ${await server.listen()}/`);
 * // when done: ui.close(); await server.close();
 */
export class WebUi {
  /** Per process: the served page carries it, a page of another origin cannot read it. */
  readonly token = randomBytes(24).toString("base64url");
  private readonly guard: RequestGuard;
  private readonly feed = new LiveFeed();
  private readonly unsubscribe: () => void;

  constructor(private readonly service: LocalService, private readonly options: WebUiOptions = {}) {
    this.guard = new RequestGuard(this.token, options.host);
    this.unsubscribe = service.onChange((executionArn) => this.feed.changed(executionArn));
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
      case "/ui/api/execution":
        return this.sendExecution(response, url.searchParams.get("arn") ?? "");
      default:
        return refuse(response, { status: 404, type: "UnknownOperationException", message: `nothing at ${path}` });
    }
  }

  /** Stops following the service's changes and ends the live streams; the server closes their connections too. */
  close(): void {
    this.unsubscribe();
    this.feed.close();
  }

  /** One execution's page: from memory, or (finished, with a journal) read back from its archive alone. */
  private sendExecution(response: ServerResponse, arn: string): true {
    let detail: ExecutionDetail;
    try {
      detail = executionDetail(this.service.get(arn), this.service.clock.now());
    } catch (error) {
      if (error instanceof ExecutionNotFoundError) return refuse(response, { status: 404, type: "ResourceNotFoundException", message: error.message });
      return refuse(response, { status: 500, type: "ServiceException", message: `execution ${arn} could not be read: ${(error as Error).message}` });
    }
    return sendJson(response, detail);
  }

  /** The summaries, newest first; only the running executions (in memory) are looked at, for what they do now. */
  private executions(): ExecutionList {
    const service = this.service;
    const executions = service.summaries().reverse().map((summary) => listedExecution(summary, summary.status === "RUNNING" ? service.get(summary.executionArn) : undefined));
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
