// A map of 100 one-step items with maxConcurrency 10 on a zero-latency in-memory service: how many checkpoint
// calls, updates and bytes it takes, nested and flat. (The official SDK needs 11 calls and 402 updates.)
import { map, step, workflow } from "../../dsl/index";
import { HistorySnapshot, runWorkflow } from "../../interpreter/index";
import { LocalExecution } from "../../lib/local/execution";

export interface BatchingRow {
  nesting: "nested" | "flat";
  items: number;
  calls: number;
  updates: number;
  bytes: number;
  ms: number;
}

export async function batchingScenario(items = 100, maxConcurrency = 10): Promise<BatchingRow[]> {
  const rows: BatchingRow[] = [];
  for (const nesting of ["nested", "flat"] as const) {
    const fanOut = workflow("fan-out", function* () {
      const batch = yield* map("items", Array.from({ length: items }, (_, i) => i), function* (i) {
        return yield* step("work", () => i * 2);
      }, { maxConcurrency, nesting });
      return batch.successCount;
    });
    const execution = new LocalExecution(`arn:aws:lambda:us-east-1:000000000000:function:bench:$LATEST/durable-execution/map-${nesting}/x`, undefined);
    const event = execution.event();
    const started = process.hrtime.bigint();
    const { outcome, checkpoints } = await runWorkflow(fanOut, undefined, {
      executionArn: execution.executionArn,
      checkpointToken: event.CheckpointToken,
      snapshot: HistorySnapshot.of(event.InitialExecutionState.Operations ?? []),
      port: execution.port(),
      log: () => {},
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (outcome.status !== "SUCCEEDED") throw new Error(`the ${nesting} map ended ${outcome.status}`);
    rows.push({ nesting, items, ...checkpoints, ms });
  }
  return rows;
}
