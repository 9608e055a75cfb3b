import { kindLabel, type Span, type Timeline, type TimelineRow } from "./model";

const MARKS: Record<string, string> = { run: "█", wait: "░" };

/**
 * The timeline as text for a terminal: a line per operation, indented under its context, with its bar on a
 * `columns`-wide axis (█ running, ░ waiting, a retry delay included) and its outcome; a header marks where each
 * invocation began. Returns the lines without newlines, to print or to put in a failing test's message.
 * @example
 * for (const line of terminalTimeline(buildTimeline(run.events, run.executionArn), 60)) console.log(line);
 */
export function terminalTimeline(timeline: Timeline, columns = 48): string[] {
  const labelWidth = Math.min(32, Math.max(12, ...timeline.rows.map((row) => row.depth * 2 + row.label.length)));
  const column = (slot: number) => Math.min(columns - 1, Math.round((timeline.slots[slot]! / Math.max(timeline.width, 1)) * (columns - 1)));
  const header = Array.from({ length: columns }, () => " ");
  for (const invocation of timeline.invocations) {
    const at = column(invocation.from);
    const mark = String(invocation.index);
    if (header.slice(at, at + mark.length).every((cell) => cell === " ")) header.splice(at, mark.length, ...mark);
  }
  const lines = [`${"invocations".padEnd(labelWidth)} ${header.join("").trimEnd()}`];
  for (const row of timeline.rows) {
    const cells = Array.from({ length: columns }, () => " ");
    for (const span of row.spans) paint(cells, span, column);
    if (row.spans.length === 0) cells[column(row.from)] = "█";
    const label = `${"  ".repeat(row.depth)}${row.label}`;
    lines.push(`${fit(label, labelWidth)} ${cells.join("")} ${outcome(row)}`);
  }
  return lines;
}

function paint(cells: string[], span: Span, column: (slot: number) => number): void {
  const from = column(span.from);
  const to = Math.max(from, column(span.to));
  for (let at = from; at <= to; at++) if (span.phase === "run" || cells[at] === " ") cells[at] = MARKS[span.phase]!;
}

function outcome(row: TimelineRow): string {
  const status = row.status === "SUCCEEDED" ? "ok" : row.subType === "Patch" ? "marked" : row.status === "STARTED" ? "running" : `${row.status.toLowerCase().replace("_", " ")} ✗`;
  const attempts = row.attempts > 1 ? ` (${row.attempts} ${row.subType === "WaitForCondition" ? "polls" : "attempts"})` : "";
  const kind = kindLabel(row);
  return `${kind === "step" ? "" : `${kind} `}${status}${attempts}`;
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}
