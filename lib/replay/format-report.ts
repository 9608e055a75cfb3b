import { label } from "../../interpreter/divergence";
import type { ReplayReport } from "./replay";

/** The report as a few lines of text: what the CLI prints and what a failed assertReplays says. */
export function formatReport(report: ReplayReport<unknown>): string {
  const lines = [`replay of ${report.source}: ${report.replays ? "the code replays this history" : "the code does NOT replay this history"}`];
  lines.push(`  replayed    ${report.replayed} of ${report.recorded} recorded operations (the execution was ${report.recordedStatus ?? "not recorded"})`);
  const outcome = report.divergence !== undefined ? "FAILED  NonDeterminismError (below)"
    : report.status === "SUCCEEDED" ? `SUCCEEDED${report.result === undefined ? "" : `  result ${preview(JSON.stringify(report.result))}`}`
    : report.status === "FAILED" ? `FAILED  ${report.error?.ErrorType ?? "Error"}: ${preview(report.error?.ErrorMessage ?? "")}`
    : "PENDING";
  lines.push(`  status      ${outcome}`);
  if (report.next !== undefined) {
    const where = report.next.path === undefined ? `id ${report.next.id}` : `operation ${report.next.path}, id ${report.next.id}`;
    const what = report.next.status === "NEW" ? "the code would start" : `recorded ${report.next.status}, the code waits on`;
    lines.push(`  next        ${what} ${label(report.next)} (${where})`);
  }
  if (report.divergence !== undefined) {
    const { path, id, recorded, current, hint } = report.divergence;
    lines.push(`  divergence  at operation ${path} (id ${id})`);
    lines.push(`    recorded  ${label(recorded)}`);
    lines.push(`    code      ${current === undefined ? "(ends without reaching it)" : label(current)}`);
    lines.push(`    hint      ${hint}`);
  }
  if (report.problem !== undefined) lines.push(`  problem     ${report.problem}`);
  return lines.join("\n");
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
