// The web UI's checks in front of the API, over HTTP on loopback: the Host a request names, the Origin a browser
// sends, the token a change needs; and that clients that are not browsers (client-lambda) keep the API as it is.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { request } from "node:http";
import { GetDurableExecutionCommand, InvokeCommand, LambdaClient, SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import { step, waitForCallback, workflow } from "../../dsl/index";
import { LocalHttpServer } from "../../lib/local/http";
import { LocalService } from "../../lib/local/service";
import { RequestGuard, TOKEN_HEADER } from "../../lib/ui/request-guard";
import { WebUi } from "../../lib/ui/web-ui";

const approval = workflow("approval", function* (input: { who: string }) {
  const answer = yield* waitForCallback<{ ok: boolean }>("approve", () => {});
  return yield* step("done", () => ({ who: input.who, ...answer }));
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const call = request(new URL(path, url), { method: options.method ?? "GET", headers: options.headers, timeout: 10_000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    call.on("timeout", () => call.destroy(new Error(`no answer to ${path}`)));
    call.on("error", reject);
    call.end(options.body);
  });
}

async function serving(): Promise<{ service: LocalService; ui: WebUi; url: string; host: string; close(): Promise<void> }> {
  const service = new LocalService();
  service.register("approval", approval);
  const ui = new WebUi(service, { functions: ["approval"] });
  const server = new LocalHttpServer(service, { front: ui });
  const url = await server.listen();
  return { service, ui, url, host: new URL(url).host, close: async () => (ui.close(), server.close()) };
}

const invocations = "/2015-03-31/functions/approval/invocations";
const asEvent = { "x-amz-invocation-type": "Event", "content-type": "application/json" };

test("the page is served at / with its token, a policy that loads nothing from elsewhere, and no framing", async () => {
  const { url, ui, close } = await serving();
  try {
    const page = await send(url, "/");
    assert.is(page.status, 200);
    assert.match(page.body, `<meta name="durable-ui-token" content="${ui.token}">`);
    assert.match(String(page.headers["content-security-policy"]), /default-src 'none'; script-src 'self'/);
    assert.is(page.headers["x-frame-options"], "DENY");
    for (const asset of ["/ui/app.js", "/ui/app.css"]) assert.is((await send(url, asset)).status, 200, asset);
    const { now, ...list } = JSON.parse((await send(url, "/ui/api/executions")).body) as { now: number; functions: string[]; executions: unknown[] };
    assert.equal(list, { functions: ["approval"], executions: [] });
    assert.ok(Math.abs(now - Date.now()) < 60_000, "the service's clock, real time here");
    assert.is((await send(url, "/", { method: "POST" })).status, 405);
    assert.is((await send(url, "/ui/nothing")).status, 404);
    assert.is((await send(url, "/ui/api/execution?arn=arn:none")).status, 404);
  } finally {
    await close();
  }
});

test("a Host that is not the service's address is refused, for the page and for the API (DNS rebinding)", async () => {
  const { url, service, close } = await serving();
  try {
    for (const host of ["evil.example", `evil.example:${new URL(url).port}`, "127.0.0.1:1"]) {
      const page = await send(url, "/", { headers: { host } });
      assert.is(page.status, 421, host);
      assert.not.match(page.body, /durable-ui-token/);
      const started = await send(url, invocations, { method: "POST", headers: { host, ...asEvent }, body: "{}" });
      assert.is(started.status, 421, host);
      assert.is(started.headers["x-amzn-errortype"], "MisdirectedRequestException");
    }
    assert.is((await send(url, "/", { headers: { host: `localhost:${new URL(url).port}` } })).status, 200);
    assert.is(service.list().length, 0);
  } finally {
    await close();
  }
});

test("a browser's change needs the service's own Origin and the page's token; a cross-site POST without Origin is refused too", async () => {
  const { url, host, ui, service, close } = await serving();
  try {
    const foreign = await send(url, invocations, { method: "POST", headers: { origin: "http://evil.example", ...asEvent }, body: "{}" });
    assert.is(foreign.status, 403);
    assert.match(foreign.body, /http:\/\/evil\.example is refused/);
    const nullOrigin = await send(url, invocations, { method: "POST", headers: { origin: "null", [TOKEN_HEADER]: ui.token, ...asEvent }, body: "{}" });
    assert.is(nullOrigin.status, 403);
    const noToken = await send(url, invocations, { method: "POST", headers: { origin: `http://${host}`, ...asEvent }, body: "{}" });
    assert.is(noToken.status, 403);
    assert.match(noToken.body, /x-durable-ui-token/);
    const wrongToken = await send(url, invocations, { method: "POST", headers: { origin: `http://${host}`, [TOKEN_HEADER]: `${ui.token.slice(1)}x`, ...asEvent }, body: "{}" });
    assert.is(wrongToken.status, 403);
    const crossSite = await send(url, invocations, { method: "POST", headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", ...asEvent }, body: "{}" });
    assert.is(crossSite.status, 403);
    const preflight = await send(url, invocations, { method: "OPTIONS", headers: { origin: "http://evil.example", "access-control-request-method": "POST", "access-control-request-headers": TOKEN_HEADER } });
    assert.is(preflight.status, 403);
    assert.is(preflight.headers["access-control-allow-origin"], undefined);
    const foreignRead = await send(url, "/ui/api/executions", { headers: { origin: "http://evil.example" } });
    assert.is(foreignRead.status, 403);
    assert.is(service.list().length, 0);

    // Node's fetch is no browser (it sends Sec-Fetch-Mode, no Origin and no Sec-Fetch-Site): the API is open to it as before.
    const fromNode = await fetch(new URL(invocations, url), { method: "POST", headers: asEvent, body: JSON.stringify({ who: "dee" }) });
    assert.is(fromNode.status, 202);
    assert.is(service.list().length, 1);

    const own = await send(url, invocations, { method: "POST", headers: { origin: `http://${host}`, "sec-fetch-site": "same-origin", [TOKEN_HEADER]: ui.token, ...asEvent }, body: JSON.stringify({ who: "ann" }) });
    assert.is(own.status, 202, own.body);
    assert.is(service.list().length, 2);
    assert.is(own.headers["x-amz-durable-execution-arn"], service.list()[1]!.executionArn);
  } finally {
    await close();
  }
});

test("client-lambda, which is no browser, keeps the whole API through the front", async () => {
  const { url, service, close } = await serving();
  const client = new LambdaClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const invoked = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", Payload: JSON.stringify({ who: "bo" }) }));
    const arn = invoked.DurableExecutionArn!;
    const deadline = Date.now() + 10_000;
    while (service.get(arn).pending().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const callbackId = service.get(arn).all().find((operation) => operation.Type === "CALLBACK")!.CallbackDetails!.CallbackId!;
    await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new TextEncoder().encode(JSON.stringify({ ok: true })) }));
    await service.result(arn);
    const described = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    assert.is(described.Status, "SUCCEEDED");
    assert.equal(JSON.parse(described.Result!), { who: "bo", ok: true });
  } finally {
    client.destroy();
    await close();
  }
});

test("the live feed tells the page which executions changed, a burst of changes in one message", async () => {
  const { url, service, close } = await serving();
  try {
    const messages: string[] = [];
    const received = new Promise<void>((resolve, reject) => {
      const call = request(new URL("/ui/events", url), (response) => {
        assert.is(response.headers["content-type"], "text/event-stream; charset=utf-8");
        response.setEncoding("utf8");
        let buffer = "";
        response.on("data", (chunk: string) => {
          buffer += chunk;
          const events = buffer.split("\n\n");
          buffer = events.pop()!;
          messages.push(...events.filter((event) => event.startsWith("event: change")));
          if (messages.length === 0) return;
          call.destroy();
          resolve();
        });
        service.start("approval", { who: "cy" });
      });
      call.on("error", (error) => (messages.length > 0 ? resolve() : reject(error)));
      call.end();
      setTimeout(() => reject(new Error("no change event within 10 s")), 10_000).unref();
    });
    await received;
    assert.equal(JSON.parse(messages[0]!.split("data: ")[1]!), { arns: [service.list()[0]!.executionArn] });
  } finally {
    await close();
  }
});

test("--host: the address given is accepted as a Host too, and a wildcard accepts the machine's own addresses", () => {
  const asked = (host: string) => ({ headers: { host }, method: "GET", socket: { localPort: 9014 } }) as never;
  const named = new RequestGuard("t", "192.0.2.7");
  assert.is(named.check(asked("192.0.2.7:9014")), undefined);
  assert.is(named.check(asked("127.0.0.1:9014")), undefined);
  assert.is(named.check(asked("192.0.2.8:9014"))?.status, 421);
  assert.is(named.check(asked("192.0.2.7:9015"))?.status, 421);
  const wildcard = new RequestGuard("t", "0.0.0.0");
  assert.is(wildcard.check(asked("0.0.0.0:9014")), undefined);
  assert.is(wildcard.check(asked("evil.example:9014"))?.status, 421);
  assert.is(new RequestGuard("t", "::1").check(asked("[::1]:9014")), undefined);
});

test.run();
