// Replay of recorded histories of N completed steps through durableHandler, with a client that is never called
// (a full replay checkpoints nothing): the first run and the median of the runs after it.
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { durableHandler, step, workflow } from "../../lib/index";
import { LocalExecution } from "../../lib/local/execution";
import { HistorySnapshot, runWorkflow } from "../../interpreter/index";

const RUNS = 15;
const SIZES = [100, 1_000, 3_000];

const steps = workflow("steps", function* (input: { n: number }) {
  let total = 0;
  for (let i = 0; i < input.n; i++) total += yield* step(`step-${i}`, () => i);
  return total;
});

const unusedClient = {
  send: () => Promise.reject(new Error("a full replay must not call the service")),
} as unknown as LambdaClient;

async function recordedEvent(n: number): Promise<unknown> {
  const execution = new LocalExecution(`arn:aws:lambda:us-east-1:000000000000:function:bench:$LATEST/durable-execution/${n}/x`, { n });
  const event = execution.event();
  const { outcome } = await runWorkflow(steps, { n }, {
    executionArn: execution.executionArn,
    checkpointToken: event.CheckpointToken,
    snapshot: HistorySnapshot.of(event.InitialExecutionState.Operations ?? []),
    port: execution.port(),
  });
  if (outcome.status !== "SUCCEEDED") throw new Error(`recording ${n} steps ended ${outcome.status}`);
  // What Lambda hands the function: JSON (timestamps become strings).
  return JSON.parse(JSON.stringify(execution.event(Number.POSITIVE_INFINITY)));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export interface ReplayRow {
  operations: number;
  firstMs: number;
  medianMs: number;
  usPerOperation: number;
}

export async function replayScenario(): Promise<ReplayRow[]> {
  const handler = durableHandler(steps, { client: unusedClient, log: () => {} });
  const rows: ReplayRow[] = [];
  for (const n of SIZES) {
    const event = await recordedEvent(n);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = process.hrtime.bigint();
      const output = await handler(event);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (output.Status !== "SUCCEEDED") throw new Error(`replay of ${n} steps ended ${output.Status}`);
    }
    const medianMs = median(times.slice(1));
    rows.push({ operations: n, firstMs: times[0]!, medianMs, usPerOperation: (medianMs * 1000) / n });
  }
  return rows;
}

export const REPLAY_RUNS = RUNS;
