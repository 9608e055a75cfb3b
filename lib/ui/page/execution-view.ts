/// <reference lib="dom" />
import type { ExecutionDetail, OperationView, PendingCallbackView } from "../view-types";
import { executionInput, failCallback, heartbeatCallback, historyDocument, startExecution, stopExecution, succeedCallback } from "./api";
import { h, replaceContent } from "./dom";
import { clock, pretty, serviceNow, serviceTimeIs, statusClass, took } from "./format";
import { jsonEditor } from "./json-editor";
import type { View } from "./list-view";
import { timelineSvg } from "./timeline-svg";

/**
 * One execution: its summary and actions (stop, re-run with the same input, download the history), the callbacks
 * it waits on with a form each, the live timeline, the operations nested under their contexts, and its invocations.
 */
export function executionView(arn: string, read: (arn: string) => Promise<ExecutionDetail>, open: (arn: string) => void): View {
  const title = h("h1", { class: "name" });
  const summary = h("dl", { class: "summary" });
  const outcome = h("p", { class: "outcome", role: "status" });
  const report = (promise: Promise<unknown>, done: string) => {
    outcome.textContent = "…";
    outcome.className = "outcome";
    promise.then(() => (outcome.textContent = done), (error: Error) => {
      outcome.textContent = error.message;
      outcome.className = "outcome bad";
    });
  };
  const stop = h("button", { type: "button", id: "stop", class: "danger" }, "Stop execution");
  stop.addEventListener("click", () => report(stopExecution(arn), "stopped"));
  const rerun = h("button", { type: "button", id: "rerun" }, "Re-run with the same input");
  rerun.addEventListener("click", () => report(executionInput(arn).then(({ functionName, input }) => startExecution(functionName, input, undefined)).then(open), "started"));
  const download = h("button", { type: "button", id: "download" }, "Download history");
  download.addEventListener("click", () => report(downloadHistory(arn), "history downloaded (durable replay and durable timeline read it)"));
  const payloads = h("div", { class: "payloads" });
  const callbacks = h("div", { class: "callbacks" });
  const forms = new Map<string, HTMLElement>();
  const timeline = h("div", { class: "timeline-box" });
  const operations = h("tbody");
  const invocations = h("tbody");
  const element = h("section", { class: "execution", "aria-labelledby": "execution-title" },
    h("p", { class: "back" }, h("a", { href: "#/" }, "← all executions")),
    h("div", { class: "heading", id: "execution-title" }, title),
    summary,
    h("div", { class: "actions" }, stop, rerun, download, outcome),
    payloads,
    h("section", { "aria-labelledby": "callbacks-title", class: "callbacks-section" }, h("h2", { id: "callbacks-title" }, "Pending callbacks"), callbacks),
    h("section", { "aria-labelledby": "timeline-title" }, h("h2", { id: "timeline-title" }, "Timeline"), timeline),
    h("section", { "aria-labelledby": "operations-title" }, h("h2", { id: "operations-title" }, "Operations"),
      h("table", { class: "operations" }, h("thead", {}, h("tr", {}, ...["Operation", "Kind", "Status", "Attempts", "Input", "Result or error", "Started", "Ended"].map((text) => h("th", { scope: "col" }, text)))), operations)),
    h("section", { "aria-labelledby": "invocations-title" }, h("h2", { id: "invocations-title" }, "Invocations"),
      h("table", { class: "invocations" }, h("thead", {}, h("tr", {}, ...["#", "Request", "Started", "Duration", "Outcome"].map((text) => h("th", { scope: "col" }, text)))), invocations)));
  return {
    element,
    concerns: (arns) => arns.includes(arn),
    async refresh() {
      const detail = await read(arn);
      serviceTimeIs(detail.now);
      document.title = `${detail.name} · ${detail.status} · durable`;
      replaceContent(title, detail.name, " ", h("span", { class: statusClass(detail.status), id: "execution-status" }, detail.status));
      replaceContent(summary, ...facts(detail));
      stop.hidden = detail.status !== "RUNNING";
      replaceContent(payloads, ...payloadBlocks(detail));
      syncCallbacks(callbacks, forms, detail.pendingCallbacks, report);
      replaceContent(timeline, timelineSvg(detail.timeline, new Map(detail.operations.map((operation) => [operation.id, operation.kind]))));
      replaceContent(operations, ...detail.operations.map((operation) => operationRow(operation)));
      replaceContent(invocations, ...detail.invocations.map((invocation) => h("tr", {},
        h("td", {}, invocation.index), h("td", {}, h("code", {}, invocation.requestId)), h("td", {}, clock(invocation.startedAt)),
        h("td", invocation.endedAt === undefined ? { "data-since": invocation.startedAt } : {}, took((invocation.endedAt ?? serviceNow()) - invocation.startedAt)),
        h("td", { class: invocation.error === undefined ? "" : "bad" }, invocation.error ?? invocation.status ?? "running"))));
    },
  };
}

function facts(detail: ExecutionDetail): HTMLElement[] {
  const pairs: [string, Node | string][] = [
    ["Function", detail.functionName],
    ["Started", clock(detail.startedAt)],
    ["Duration", h("span", detail.endedAt === undefined ? { "data-since": detail.startedAt } : {}, took((detail.endedAt ?? serviceNow()) - detail.startedAt))],
    ["Now", detail.current.join(", ") || (detail.status === "RUNNING" ? "running" : "ended")],
  ];
  return [...pairs.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]), h("dd", { class: "wide" }, h("code", { class: "arn", title: "the execution's ARN" }, detail.arn))];
}

function payloadBlocks(detail: ExecutionDetail): HTMLElement[] {
  const block = (label: string, text: string, bad = false) => h("div", { class: `payload${bad ? " bad" : ""}` }, h("h3", {}, label), h("pre", {}, text));
  return [
    block("Input", pretty(detail.input) || "(none)"),
    ...(detail.result !== undefined ? [block("Result", pretty(detail.result))] : []),
    ...(detail.error !== undefined ? [block("Error", detail.error, true)] : []),
  ];
}

function operationRow(operation: OperationView): HTMLTableRowElement {
  const detail = operation.error ?? operation.result;
  return h("tr", { class: operation.error === undefined ? "" : "failed", "data-op-id": operation.id, "data-name": operation.name, "data-status": operation.status },
    h("td", { class: `depth-${Math.min(operation.depth, 8)}` }, operation.name),
    h("td", {}, operation.kind),
    h("td", {}, h("span", { class: statusClass(operation.status) }, operation.status)),
    h("td", { class: "number" }, operation.type === "STEP" ? operation.attempts : ""),
    h("td", {}, operation.input === undefined ? "" : h("code", {}, operation.input)),
    h("td", { class: operation.error === undefined ? "" : "bad" }, detail === undefined ? "" : h("code", { title: detail }, detail.length > 160 ? `${detail.slice(0, 157)}...` : detail)),
    h("td", {}, clock(operation.startedAt)),
    h("td", {}, clock(operation.endedAt)));
}

/** One form per open callback; forms of callbacks still open keep what was typed, closed ones go away. */
function syncCallbacks(container: HTMLElement, forms: Map<string, HTMLElement>, pending: readonly PendingCallbackView[], report: (promise: Promise<unknown>, done: string) => void): void {
  const open = new Set(pending.map((callback) => callback.callbackId));
  for (const [callbackId, form] of forms) {
    if (open.has(callbackId)) continue;
    form.remove();
    forms.delete(callbackId);
  }
  pending.forEach((callback, index) => {
    if (!forms.has(callback.callbackId)) {
      const form = callbackForm(callback, index, report);
      forms.set(callback.callbackId, form);
      container.append(form);
    }
  });
  container.classList.toggle("none", pending.length === 0);
  if (pending.length === 0 && container.childElementCount === 0) container.textContent = "None: the execution waits on no callback.";
  else if (container.firstChild?.nodeType === Node.TEXT_NODE) container.firstChild.remove();
}

function callbackForm(callback: PendingCallbackView, index: number, report: (promise: Promise<unknown>, done: string) => void): HTMLElement {
  const id = `callback-${index}-${callback.operationId}`;
  const succeed = h("button", { type: "submit", class: "primary", id: `${id}-succeed` }, "Send success");
  const result = jsonEditor({ id: `${id}-result`, label: "Result (JSON)", initial: "", allowEmpty: false, onValid: (valid) => (succeed.disabled = !valid) });
  const success = h("form", { class: "succeed" }, result.element, succeed);
  success.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = result.value();
    if (text === undefined) return;
    report(succeedCallback(callback.callbackId, text), `callback ${callback.name} answered`);
  });
  const errorType = h("input", { id: `${id}-error-type`, type: "text", value: "Rejected", required: true, autocomplete: "off" });
  const errorMessage = h("input", { id: `${id}-error-message`, type: "text", placeholder: "why", autocomplete: "off" });
  const failure = h("form", { class: "fail" },
    h("div", { class: "field" }, h("label", { for: `${id}-error-type` }, "Error type"), errorType),
    h("div", { class: "field" }, h("label", { for: `${id}-error-message` }, "Error message"), errorMessage),
    h("button", { type: "submit", class: "danger", id: `${id}-fail` }, "Send failure"));
  failure.addEventListener("submit", (event) => {
    event.preventDefault();
    report(failCallback(callback.callbackId, { ErrorType: errorType.value.trim() || "Error", ErrorMessage: errorMessage.value }), `callback ${callback.name} failed`);
  });
  const heartbeat = h("button", { type: "button", id: `${id}-heartbeat` }, "Send heartbeat");
  heartbeat.addEventListener("click", () => report(heartbeatCallback(callback.callbackId), `heartbeat sent for ${callback.name}`));
  const limits = [callback.timeoutSeconds ? `times out after ${took(callback.timeoutSeconds * 1000)}` : "", callback.heartbeatTimeoutSeconds ? `heartbeat every ${took(callback.heartbeatTimeoutSeconds * 1000)}` : ""].filter(Boolean).join(", ");
  return h("article", { class: "callback", "data-callback-id": callback.callbackId, "aria-label": `callback ${callback.name}` },
    h("h3", {}, callback.name, h("span", { class: "since" }, ` waiting since ${clock(callback.startedAt)}${limits === "" ? "" : `; ${limits}`}`)),
    h("p", {}, "Callback id ", h("code", { class: "callback-id" }, callback.callbackId)),
    h("div", { class: "callback-forms" }, success, failure, h("div", { class: "heartbeat" }, heartbeat)));
}

async function downloadHistory(arn: string): Promise<void> {
  const document_ = await historyDocument(arn);
  const blob = new Blob([`${JSON.stringify(document_, null, 2)}\n`], { type: "application/json" });
  const link = h("a", { href: URL.createObjectURL(blob), download: `${arn.split("/").at(-2) ?? "execution"}.history.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
