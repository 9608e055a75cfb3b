import { label } from "../../interpreter/divergence";
import type { CheckedExecution, CheckResult } from "./check";

/**
 * One line per execution, then the summary: what `durable check` prints.
 * @example
 * for (const line of formatCheck(await checkSavedHistories(orderWorkflow, ["histories/"]))) console.log(line);
 */
export function formatCheck(result: CheckResult): string[] {
  const width = Math.min(40, Math.max(0, ...result.executions.map((execution) => execution.name.length)));
  const lines = result.executions.map((execution) => `  ${execution.name.padEnd(width)}  ${verdictLine(execution)}`);
  lines.push(summary(result));
  return lines;
}

function verdictLine(execution: CheckedExecution): string {
  const report = execution.report;
  if (execution.verdict === "unchecked") return `NOT CHECKED: ${execution.problem}`;
  if (execution.verdict === "diverges") {
    const { path, recorded, current, hint } = report!.divergence!;
    const code = current === undefined ? "the code ends without reaching it" : `code ${label(current)}`;
    return `DIVERGES at operation ${path}: recorded ${label(recorded)}, ${code}; hint: ${hint}; keep such executions on the old code with \`if (yield* patched("id")) { new } else { old }\``;
  }
  const next = report!.next;
  const what = next === undefined ? "" : `${label(next)}${execution.stoppedIn === undefined ? "" : ` of ${execution.stoppedIn}`} at operation ${next.path ?? next.id}`;
  const where = next === undefined ? `to the end (${report!.status})`
    : next.status === "NEW" ? `up to ${what}, which it would start`
    : `up to ${what}, which it waits on (recorded ${next.status})`;
  return `replays ${where}`;
}

function summary(result: CheckResult): string {
  const count = (verdict: CheckedExecution["verdict"]) => result.executions.filter((execution) => execution.verdict === verdict);
  const named = (list: readonly CheckedExecution[]) => list.length === 0 ? "" : ` (${list.map((execution) => execution.name).join(", ")})`;
  const diverging = count("diverges");
  const unchecked = count("unchecked");
  const total = result.executions.length;
  if (total === 0) return `no ${result.subject}: nothing to check`;
  const replaying = count("replays").length;
  const parts = [`${total} checked`, `${replaying} replay${replaying === 1 ? "s" : ""}`, `${diverging.length} diverge${diverging.length === 1 ? "s" : ""}${named(diverging)}`];
  if (unchecked.length > 0) parts.push(`${unchecked.length} could not be checked${named(unchecked)}`);
  const verdict = result.safe ? "the new code is safe to deploy for them"
    : diverging.length > 0 ? "deploying the new code would fail the diverging executions with a NonDeterminismError"
    : "the new code could not be shown safe for every execution";
  return `${result.subject}: ${parts.join(", ")}; ${verdict}`;
}
