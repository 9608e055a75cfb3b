import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { networkInterfaces } from "node:os";

/** The header the served page sends its per-process token in (a custom header: a foreign page cannot send it without a CORS preflight, which is refused). */
export const TOKEN_HEADER = "x-durable-ui-token";

export interface Refusal {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);
const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * Who may talk to the service on this machine. Every request must name the service by an address it listens on
 * (a loopback name, or what `--host` gave) in its Host header: a page on a rebinding DNS name is refused before it
 * reads anything. A browser's request (it carries Origin or Sec-Fetch-Site) must come from the service's own origin,
 * and when it changes something, carry the token the served page holds. Clients that are not browsers (client-lambda,
 * the CLI, handlers) send neither and keep the AWS API as it is.
 */
export class RequestGuard {
  private readonly names: ReadonlySet<string>;
  private readonly token: Buffer;

  constructor(token: string, host: string | undefined) {
    this.token = Buffer.from(token);
    const names = new Set(LOOPBACK_NAMES);
    if (host !== undefined) {
      const bare = host.replace(/^\[(.*)\]$/, "$1");
      names.add(bare.includes(":") ? `[${bare}]` : bare.toLowerCase());
      if (WILDCARDS.has(host)) for (const address of interfaceAddresses()) names.add(address);
    }
    this.names = names;
  }

  /** Why `request` is refused, or undefined when it may go on. */
  check(request: IncomingMessage): Refusal | undefined {
    const port = request.socket.localPort;
    const host = request.headers.host?.toLowerCase();
    if (host === undefined || !this.allowedHost(host, port)) {
      return { status: 421, type: "MisdirectedRequestException", message: `Host "${host ?? ""}" is not an address this service listens on (${[...this.names].map((name) => `${name}:${port}`).join(", ")}): refused, so that a page on another name cannot reach it` };
    }
    const origin = request.headers.origin;
    // Browsers send Sec-Fetch-Site with every request; Node's fetch sends Sec-Fetch-Mode but no site, and is no browser.
    const fromBrowser = origin !== undefined || request.headers["sec-fetch-site"] !== undefined;
    if (!fromBrowser) return undefined;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
      return { status: 403, type: "AccessDeniedException", message: `a request from the page at ${origin} is refused: only the service's own page (http://${host}) may call it from a browser` };
    }
    const site = request.headers["sec-fetch-site"];
    if (site === "cross-site" || site === "same-site") {
      if (!SAFE_METHODS.has(request.method ?? "GET") || request.headers["sec-fetch-mode"] !== "navigate") {
        return { status: 403, type: "AccessDeniedException", message: `a ${site} request from a browser is refused: only the service's own page may call it` };
      }
    }
    if (SAFE_METHODS.has(request.method ?? "GET")) return undefined;
    const sent = request.headers[TOKEN_HEADER];
    if (typeof sent !== "string" || !this.matches(sent)) {
      return { status: 403, type: "AccessDeniedException", message: `${request.method} from a browser needs the ${TOKEN_HEADER} header of the page this service served` };
    }
    return undefined;
  }

  private allowedHost(host: string, port: number | undefined): boolean {
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
    if (match === null) return false;
    return this.names.has(match[1]!) && (match[2] === undefined ? port === 80 : Number(match[2]) === port);
  }

  private matches(sent: string): boolean {
    const candidate = Buffer.from(sent);
    return candidate.length === this.token.length && timingSafeEqual(candidate, this.token);
  }
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).map((info) => (info.family === "IPv6" ? `[${info.address}]` : info.address)));
}
