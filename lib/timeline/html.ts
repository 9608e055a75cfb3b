import { kindLabel, type Span, type Timeline, type TimelineRow } from "./model";

const LABELS = 300;
const CHART = 860;
const OUTCOMES = 200;
const ROW = 24;
const TOP = 52;
const BAR = 12;
const MIN_BAR = 4;

/**
 * Options of htmlTimeline.
 * @example
 * htmlTimeline(timeline, { title: `order ${order.id} (${run.executionArn})` });
 */
export interface HtmlTimelineOptions {
  /** The heading: the execution's name or ARN, the file it came from. */
  readonly title: string;
}

/**
 * The timeline as one self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched. Every operation is
 * a row, indented under its context, with its bar on the time axis (solid while code ran, hatched while it waited:
 * waits, retry delays, callbacks, invokes), each step attempt a segment of its own, invocations as bands behind the
 * rows, and failed operations in red. Hovering a bar shows its times and its result or error.
 * @example
 * writeFileSync("order.html", htmlTimeline(buildTimeline(run.events, run.executionArn), { title: "order o-1" }));
 */
export function htmlTimeline(timeline: Timeline, options: HtmlTimelineOptions): string {
  const x = (slot: number) => LABELS + (timeline.slots[slot]! / Math.max(timeline.width, 1)) * CHART;
  const height = TOP + timeline.rows.length * ROW + 12;
  const width = LABELS + CHART + OUTCOMES;
  const lefts = timeline.invocations.map((invocation) => x(invocation.from) - 3);
  const bands = timeline.invocations.map((invocation, index) => {
    const left = lefts[index]!;
    const right = Math.max(x(invocation.to) + 3, left + MIN_BAR);
    // The start time goes next to the number when it fits before the next band.
    const full = `${invocation.index} ${offset(timeline, invocation.startedAt).slice(0, -4)}`;
    const text = (lefts[index + 1] ?? Infinity) > left + full.length * 7 + 8 ? full : String(invocation.index);
    return `<g class="invocation${invocation.error === undefined ? "" : " crashed"}" data-invocation="${invocation.index}">`
      + `<rect x="${n(left)}" y="${TOP - 18}" width="${n(right - left)}" height="${height - TOP + 18}"/>`
      + `<text x="${n(left + 2)}" y="${TOP - 6}">${escape(text)}</text>`
      + `<title>${escape(`invocation ${invocation.index}: ${offset(timeline, invocation.startedAt)} to ${offset(timeline, invocation.endedAt)} (${took(invocation.endedAt - invocation.startedAt)})${invocation.error === undefined ? "" : `, ${invocation.error}`}`)}</title></g>`;
  });
  const rows = timeline.rows.map((row, index) => rowSvg(timeline, row, index, x));
  const failed = timeline.rows.filter((row) => row.failed).length;
  const summary = [
    `<span class="status ${timeline.executionStatus.toLowerCase()}">${escape(timeline.executionStatus)}</span>`,
    `started ${escape(new Date(timeline.startedAt).toISOString())}`,
    `${took(timeline.endedAt - timeline.startedAt)}`,
    `${timeline.rows.length} operations`,
    `${timeline.invocations.length} invocations`,
    ...(failed > 0 ? [`<span class="bad">${failed} failed</span>`] : []),
  ].join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(options.title)} · durable timeline</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(options.title)}</h1>
<p class="summary">${summary}</p>
${timeline.error === undefined ? "" : `<p class="error">${escape(timeline.error)}</p>`}
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="execution timeline">
<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern>
<pattern id="hatch-bad" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bad-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-bad-line"/></pattern></defs>
<text class="axis-title" x="8" y="${TOP - 6}">operation</text><text class="axis-title" x="${LABELS}" y="14">invocations and time (each event a slot; idle time compressed, hover for real times)</text>
${bands.join("\n")}
${rows.join("\n")}
</svg>
<p class="legend"><span class="key run"></span> code running (a step attempt) <span class="key wait"></span> waiting (wait, retry delay, callback, invoke, context) <span class="key failed"></span> failed <span class="key band"></span> invocation</p>
</body>
</html>
`;
}

function rowSvg(timeline: Timeline, row: TimelineRow, index: number, x: (slot: number) => number): string {
  const top = TOP + index * ROW;
  const middle = top + ROW / 2;
  const left = x(row.from);
  const right = Math.max(x(row.to), left + MIN_BAR);
  const spans = row.spans.map((span) => spanSvg(span, middle, x, row.failed)).join("");
  const kind = kindLabel(row);
  const tooltip = [
    `${row.label} (${kind}): ${row.status}`,
    `${offset(timeline, row.startedAt)} to ${row.endedAt === undefined ? "(still running)" : `${offset(timeline, row.endedAt)}, ${took(row.endedAt - row.startedAt)}`}`,
    ...(row.attempts > 1 ? [`${row.attempts} attempts`] : []),
    ...row.spans.filter((span) => span.note !== undefined).map((span) => span.note!),
    ...(row.detail === undefined ? [] : [row.detail]),
  ].join("\n");
  const status = row.status === "SUCCEEDED" ? "ok" : row.status.toLowerCase().replace("_", " ");
  return `<g class="row${row.failed ? " failed" : ""}${index % 2 === 1 ? " odd" : ""}" data-op-id="${escape(row.id)}" data-op-name="${escape(row.label)}" data-kind="${escape(kind)}" data-status="${row.status}">`
    + `<rect class="stripe" x="0" y="${top}" width="${LABELS + CHART + OUTCOMES}" height="${ROW}"/>`
    + `<text class="label" x="${8 + row.depth * 16}" y="${middle + 4}">${escape(row.label)}<tspan class="kind"> ${escape(kind)}</tspan></text>`
    + `<rect class="bar" data-op-id="${escape(row.id)}" x="${n(left)}" y="${middle - BAR / 2}" width="${n(right - left)}" height="${BAR}"/>`
    + spans
    + `<text class="outcome" x="${LABELS + CHART + 12}" y="${middle + 4}">${escape(status)}${row.attempts > 1 ? ` · ${row.attempts} ${row.subType === "WaitForCondition" ? "polls" : "attempts"}` : ""}</text>`
    + `<title>${escape(tooltip)}</title></g>`;
}

function spanSvg(span: Span, middle: number, x: (slot: number) => number, rowFailed: boolean): string {
  const left = x(span.from);
  const right = Math.max(x(span.to), left + MIN_BAR);
  const bad = span.outcome === "failed" || (rowFailed && span.phase === "wait");
  const classes = `span ${span.phase}${bad ? " bad" : ""}`;
  const height = span.phase === "run" ? BAR : BAR - 4;
  return `<rect class="${classes}" x="${n(left)}" y="${middle - height / 2}" width="${n(right - left)}" height="${height}" rx="2"/>`;
}

/** Time since the execution started, as +hh:mm:ss.mmm. */
function offset(timeline: Timeline, at: number): string {
  const ms = at - timeline.startedAt;
  const pad = (value: number, size = 2) => String(value).padStart(size, "0");
  const seconds = Math.floor(ms / 1000);
  return `+${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}.${pad(ms % 1000, 3)}`;
}

function took(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function n(value: number): string {
  return value.toFixed(1);
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const STYLE = `
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1f2328; background: #fff; }
h1 { font-size: 16px; margin: 0 0 4px; word-break: break-all; }
.summary { margin: 0 0 12px; color: #57606a; }
.status { font-weight: 600; padding: 1px 6px; border-radius: 3px; background: #ddf4ff; color: #0969da; }
.status.succeeded { background: #dafbe1; color: #1a7f37; }
.status.failed, .status.timed_out, .status.stopped { background: #ffebe9; color: #cf222e; }
.bad { color: #cf222e; font-weight: 600; }
.error { color: #cf222e; font-family: ui-monospace, monospace; margin: 0 0 12px; }
svg text { font: 12px ui-monospace, "SFMono-Regular", Menlo, monospace; fill: #1f2328; }
.axis-title { fill: #57606a; font-size: 11px; }
.invocation rect { fill: #0969da; opacity: 0.07; }
.invocation.crashed rect { fill: #cf222e; opacity: 0.12; }
.invocation text { fill: #0969da; font-size: 11px; }
.stripe { fill: transparent; }
.row.odd .stripe { fill: #f6f8fa; opacity: 0.6; }
.row:hover .stripe { fill: #fff8c5; opacity: 1; }
.kind { fill: #8c959f; font-size: 11px; }
.bar { fill: none; stroke: #8c959f; stroke-width: 1; stroke-dasharray: 2 2; }
.row.failed .bar { stroke: #cf222e; stroke-width: 2; stroke-dasharray: none; }
.row.failed .label { fill: #cf222e; font-weight: 700; }
.span.run { fill: #2da44e; }
.span.wait { fill: url(#hatch); }
.span.run.bad { fill: #cf222e; }
.span.wait.bad { fill: url(#hatch-bad); }
.hatch-bg { fill: #ddf4ff; } .hatch-line { stroke: #54aeff; stroke-width: 3; }
.hatch-bad-bg { fill: #ffebe9; } .hatch-bad-line { stroke: #ff8182; stroke-width: 3; }
.outcome { fill: #57606a; }
.row.failed .outcome { fill: #cf222e; font-weight: 700; }
.legend { color: #57606a; }
.key { display: inline-block; width: 18px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
.key.run { background: #2da44e; } .key.wait { background: repeating-linear-gradient(45deg, #ddf4ff 0 3px, #54aeff 3px 5px); }
.key.failed { background: #cf222e; } .key.band { background: rgba(9, 105, 218, 0.15); }
`;
