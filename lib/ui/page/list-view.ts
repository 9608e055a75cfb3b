/// <reference lib="dom" />
import type { ExecutionList, ExecutionSummary } from "../view-types";
import { startExecution } from "./api";
import { h, replaceContent } from "./dom";
import { clock, serviceNow, serviceTimeIs, statusClass, took } from "./format";
import { jsonEditor } from "./json-editor";

const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"];

export interface View {
  readonly element: HTMLElement;
  /** Reads again and redraws what changed; the forms keep what was typed into them. */
  refresh(): Promise<void>;
  /** Whether a change to these executions concerns the view. */
  concerns(arns: readonly string[]): boolean;
}

/** The executions list: every execution, newest first, filtered by status and function, and the start form. */
export function listView(read: () => Promise<ExecutionList>, open: (arn: string) => void): View {
  const status = h("select", { id: "filter-status", "data-key": "filter-status" }, h("option", { value: "" }, "any status"), ...STATUSES.map((value) => h("option", { value }, value)));
  const fn = h("select", { id: "filter-function", "data-key": "filter-function" }, h("option", { value: "" }, "any function"));
  const body = h("tbody");
  const count = h("p", { class: "count", "aria-live": "polite" });
  const start = startForm(open);
  let last: ExecutionList | undefined;
  const draw = () => {
    if (last === undefined) return;
    syncOptions(fn, last.functions, "any function");
    start.functions(last.functions);
    const shown = last.executions.filter((execution) => (status.value === "" || execution.status === status.value) && (fn.value === "" || execution.functionName === fn.value));
    count.textContent = `${shown.length} of ${last.executions.length} executions`;
    replaceContent(body, ...(shown.length === 0 ? [h("tr", {}, h("td", { colspan: 6, class: "empty" }, last.executions.length === 0 ? "No executions yet: start one above, or invoke a durable function through the API." : "No execution matches the filters."))] : shown.map(row)));
  };
  status.addEventListener("change", draw);
  fn.addEventListener("change", draw);
  const element = h("section", { class: "list", "aria-labelledby": "executions-title" },
    start.element,
    h("div", { class: "toolbar" }, h("h1", { id: "executions-title" }, "Executions"),
      h("label", { for: "filter-status" }, "Status"), status, h("label", { for: "filter-function" }, "Function"), fn, count),
    h("table", { class: "executions" },
      h("thead", {}, h("tr", {}, ...["Execution", "Function", "Status", "Started", "Duration", "Current operation"].map((title) => h("th", { scope: "col" }, title)))),
      body));
  return {
    element,
    concerns: () => true,
    async refresh() {
      last = await read();
      serviceTimeIs(last.now);
      draw();
    },
  };
}

function row(execution: ExecutionSummary): HTMLTableRowElement {
  const ended = execution.endedAt;
  return h("tr", { "data-arn": execution.arn, "data-status": execution.status },
    h("td", {}, h("a", { href: `#/execution/${encodeURIComponent(execution.arn)}`, "data-key": `open-${execution.arn}`, title: execution.arn }, execution.name)),
    h("td", {}, execution.functionName),
    h("td", {}, h("span", { class: statusClass(execution.status) }, execution.status)),
    h("td", {}, clock(execution.startedAt)),
    h("td", ended === undefined ? { "data-since": execution.startedAt } : {}, took((ended ?? serviceNow()) - execution.startedAt)),
    h("td", { class: "current" }, execution.current.join(", ") || (execution.status === "RUNNING" ? "running" : "")));
}

function syncOptions(select: HTMLSelectElement, values: readonly string[], anyLabel: string): void {
  const current = [...select.options].slice(anyLabel === "" ? 0 : 1).map((option) => option.value);
  if (current.join("\n") === values.join("\n")) return;
  const chosen = select.value;
  select.replaceChildren(...(anyLabel === "" ? [] : [h("option", { value: "" }, anyLabel)]), ...values.map((value) => h("option", { value }, value)));
  select.value = values.includes(chosen) ? chosen : select.options[0]?.value ?? "";
}

/** Start an execution of a registered function: Invoke (InvocationType Event) with the input typed here. */
function startForm(open: (arn: string) => void): { element: HTMLElement; functions(names: readonly string[]): void } {
  const fn = h("select", { id: "start-function", required: true, "data-key": "start-function" });
  const name = h("input", { id: "start-name", type: "text", placeholder: "a new UUID", autocomplete: "off", "data-key": "start-name" });
  const submit = h("button", { type: "submit", class: "primary", id: "start-submit" }, "Start execution");
  const outcome = h("p", { class: "outcome", role: "status" });
  const input = jsonEditor({ id: "start-input", label: "Input (JSON)", initial: "{}", rows: 3, allowEmpty: true, onValid: (valid) => (submit.disabled = !valid) });
  const form = h("form", { class: "start", "aria-labelledby": "start-title" },
    h("h2", { id: "start-title" }, "Start an execution"),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "start-function" }, "Function"), fn),
      h("div", { class: "field" }, h("label", { for: "start-name" }, "Execution name (optional)"), name),
      input.element),
    h("div", { class: "actions" }, submit, outcome));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const payload = input.value();
    if (payload === undefined || fn.value === "") return;
    submit.disabled = true;
    outcome.textContent = "starting…";
    outcome.className = "outcome";
    startExecution(fn.value, payload === "" ? undefined : payload, name.value.trim())
      .then((arn) => open(arn))
      .catch((error: Error) => {
        outcome.textContent = error.message;
        outcome.className = "outcome bad";
      })
      .finally(() => (submit.disabled = input.value() === undefined));
  });
  return { element: form, functions: (names) => syncOptions(fn, names, "") };
}
