import { label } from "../../interpreter/divergence";
import type { ReplayReport } from "./replay";

/**
 * The report as a few lines of text: what the CLI prints and what a failed assertReplays says.
 * @example
 * console.log(formatReport(await replay(orderWorkflow, "histories/order-1.json")));
 */
export function formatReport(report: ReplayReport<unknown>): string {
  const lines = [`replay of ${report.source}: ${report.replays ? "the code replays this history" : "the code does NOT replay this history"}`];
  lines.push(`  recorded    ${report.recorded} operations (the execution was ${report.recordedStatus ?? "not recorded"})`);
  lines.push(`  replayed    ${replayedInWords(report)}`);
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

/** What the replay went through, in words: the operations it replayed, and why the others were not. */
function replayedInWords(report: ReplayReport<unknown>): string {
  const replayed = `${report.replayed} operation${report.replayed === 1 ? "" : "s"} from their records`;
  if (!report.replays) return `${replayed}${report.divergence === undefined ? "" : " before the divergence"}`;
  const contexts = report.notReentered;
  const inside = contexts.reduce((sum, context) => sum + context.inner, 0);
  const parts = [replayed];
  if (contexts.length > 0) {
    const names = contexts.length > 4 ? `${contexts.slice(0, 4).map((context) => context.label).join(", ")} and ${contexts.length - 4} more` : contexts.map((context) => context.label).join(", ");
    parts.push(`${contexts.length === 1 ? "a completed context" : `${contexts.length} completed contexts`} (${names}) returned ${contexts.length === 1 ? "its" : "their"} recorded result${contexts.length === 1 ? "" : "s"} without being re-entered, exactly as on AWS, so the ${inside} operation${inside === 1 ? "" : "s"} inside did not run again`);
  }
  const rest = report.recorded - report.replayed - inside;
  if (rest > 0) parts.push(`${rest} recorded operation${rest === 1 ? " is" : "s are"} still in progress`);
  return parts.join("; ");
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
