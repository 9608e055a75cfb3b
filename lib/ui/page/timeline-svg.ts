/// <reference lib="dom" />
// The live timeline, drawn from the model `durable timeline` draws (lib/timeline/model.ts): the same rows, spans,
// invocation bands and compressed axis as its HTML page, made as DOM nodes so it can be redrawn on every change.
import type { Span, Timeline, TimelineRow } from "../../timeline/model";
import { s } from "./dom";
import { offset, took } from "./format";

const LABELS = 260;
const CHART = 760;
const OUTCOMES = 180;
const ROW = 22;
const TOP = 40;
const BAR = 12;
const MIN_BAR = 4;

export function timelineSvg(timeline: Timeline, kinds: ReadonlyMap<string, string>): SVGElement {
  const x = (slot: number) => LABELS + (timeline.slots[slot]! / Math.max(timeline.width, 1)) * CHART;
  const height = TOP + timeline.rows.length * ROW + 8;
  const width = LABELS + CHART + OUTCOMES;
  const bands = timeline.invocations.map((invocation) => {
    const left = x(invocation.from) - 3;
    const right = Math.max(x(invocation.to) + 3, left + MIN_BAR);
    return s("g", { class: `invocation${invocation.error === undefined ? "" : " crashed"}` },
      s("rect", { x: n(left), y: TOP - 16, width: n(right - left), height: height - TOP + 16 }),
      s("text", { x: n(left + 2), y: TOP - 5 }, String(invocation.index)),
      s("title", {}, `invocation ${invocation.index}: ${offset(timeline.startedAt, invocation.startedAt)} to ${offset(timeline.startedAt, invocation.endedAt)} (${took(invocation.endedAt - invocation.startedAt)})${invocation.error === undefined ? "" : `, ${invocation.error}`}`));
  });
  const rows = timeline.rows.map((row, index) => rowSvg(timeline, row, index, x, kinds.get(row.id) ?? row.kind));
  return s("svg", { class: "timeline", viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": `timeline: ${timeline.rows.length} operations, ${timeline.invocations.length} invocations` },
    s("defs", {},
      s("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, s("rect", { width: 6, height: 6, class: "hatch-bg" }), s("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" })),
      s("pattern", { id: "hatch-bad", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, s("rect", { width: 6, height: 6, class: "hatch-bad-bg" }), s("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-bad-line" }))),
    s("text", { class: "axis-title", x: 6, y: TOP - 5 }, "operation"),
    s("text", { class: "axis-title", x: LABELS, y: 12 }, "invocations and time (each event a slot, idle time compressed; hover for times)"),
    ...bands, ...rows);
}

function rowSvg(timeline: Timeline, row: TimelineRow, index: number, x: (slot: number) => number, kind: string): SVGElement {
  const top = TOP + index * ROW;
  const middle = top + ROW / 2;
  const left = x(row.from);
  const right = Math.max(x(row.to), left + MIN_BAR);
  const status = row.status === "SUCCEEDED" ? "ok" : row.status.toLowerCase().replace("_", " ");
  const tooltip = [
    `${row.label} (${kind}): ${row.status}`,
    `${offset(timeline.startedAt, row.startedAt)} to ${row.endedAt === undefined ? "(still running)" : `${offset(timeline.startedAt, row.endedAt)}, ${took(row.endedAt - row.startedAt)}`}`,
    ...(row.attempts > 1 ? [`${row.attempts} attempts`] : []),
    ...row.spans.filter((span) => span.note !== undefined).map((span) => span.note!),
    ...(row.detail === undefined ? [] : [row.detail]),
  ].join("\n");
  return s("g", { class: `row${row.failed ? " failed" : ""}${row.status === "STARTED" ? " open" : ""}${index % 2 === 1 ? " odd" : ""}`, "data-op-id": row.id, "data-status": row.status },
    s("rect", { class: "stripe", x: 0, y: top, width: LABELS + CHART + OUTCOMES, height: ROW }),
    s("text", { class: "label", x: 6 + row.depth * 14, y: middle + 4 }, row.label, s("tspan", { class: "kind" }, ` ${kind}`)),
    s("rect", { class: "bar", x: n(left), y: middle - BAR / 2, width: n(right - left), height: BAR }),
    ...row.spans.map((span) => spanSvg(span, middle, x, row.failed)),
    s("text", { class: "outcome", x: LABELS + CHART + 10, y: middle + 4 }, `${status}${row.attempts > 1 ? ` · ${row.attempts} ${row.subType === "WaitForCondition" ? "polls" : "attempts"}` : ""}`),
    s("title", {}, tooltip));
}

function spanSvg(span: Span, middle: number, x: (slot: number) => number, rowFailed: boolean): SVGElement {
  const left = x(span.from);
  const right = Math.max(x(span.to), left + MIN_BAR);
  const bad = span.outcome === "failed" || (rowFailed && span.phase === "wait");
  const height = span.phase === "run" ? BAR : BAR - 4;
  return s("rect", { class: `span ${span.phase}${bad ? " bad" : ""}`, x: n(left), y: middle - height / 2, width: n(right - left), height, rx: 2 });
}

function n(value: number): string {
  return value.toFixed(1);
}
