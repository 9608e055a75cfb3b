import type { Workflow } from "../../dsl/workflow";
import { formatReport } from "./format-report";
import type { RecordedHistory } from "./history";
import { replay, type ReplayOptions, type ReplayReport } from "./replay";

/**
 * The code no longer replays a recorded history; the message is the replay report, with the divergence.
 * @example
 * try { await assertReplays(orderWorkflow, "histories/order-1.json"); } catch (error) { if (error instanceof ReplayMismatchError) console.log(error.report.divergence); }
 */
export class ReplayMismatchError extends Error {
  constructor(readonly report: ReplayReport<unknown>) {
    super(formatReport(report));
    this.name = "ReplayMismatchError";
  }
}

/**
 * For tests: replays `history` (a path, a value in any history format, or a loaded history) with `workflow` and
 * throws ReplayMismatchError unless the code replays it. Returns the report for further checks.
 * @example
 * test("order still replays its recorded histories", async () => { await assertReplays(orderWorkflow, "histories/order-1.json"); });
 */
export async function assertReplays<I, O>(workflow: Workflow<I, O>, history: RecordedHistory | string | unknown, options: ReplayOptions<I> = {}): Promise<ReplayReport<O>> {
  const report = await replay(workflow, history, options);
  if (!report.replays) throw new ReplayMismatchError(report);
  return report;
}
