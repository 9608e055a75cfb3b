import type { ServerResponse } from "node:http";

/** How long changes are gathered before the page is told: a burst of checkpoints becomes one message. */
const GATHER_MS = 60;
/** A comment line now and then keeps proxies and the browser from giving up on a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Server-sent events to the open pages: `change` with the ARNs of the executions that changed since the last one.
 * The service tells the feed synchronously, in the middle of its own work, so `changed` only notes the ARN.
 */
export class LiveFeed {
  private readonly clients = new Set<ServerResponse>();
  private readonly changedArns = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private keepAlive: NodeJS.Timeout | undefined;

  subscribe(response: ServerResponse): void {
    response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" });
    response.write("retry: 1000\n\n");
    this.clients.add(response);
    response.on("close", () => {
      this.clients.delete(response);
      if (this.clients.size === 0) this.stopKeepAlive();
    });
    this.keepAlive ??= setInterval(() => this.send(": keep-alive\n\n"), KEEPALIVE_MS).unref();
  }

  changed(executionArn: string): void {
    if (this.clients.size === 0) return;
    this.changedArns.add(executionArn);
    this.flushTimer ??= setTimeout(() => this.flush(), GATHER_MS).unref();
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.stopKeepAlive();
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private flush(): void {
    this.flushTimer = undefined;
    const arns = [...this.changedArns];
    this.changedArns.clear();
    if (arns.length > 0) this.send(`event: change\ndata: ${JSON.stringify({ arns })}\n\n`);
  }

  private send(text: string): void {
    for (const client of this.clients) client.write(text);
  }

  private stopKeepAlive(): void {
    if (this.keepAlive !== undefined) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
  }
}
