// npm run bench [-- --json]: every benchmark scenario, printed as tables (or one JSON document).
import { batchingScenario } from "./batching";
import { REPLAY_RUNS, replayScenario } from "./replay";

const replay = await replayScenario();
const batching = await batchingScenario();

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ node: process.version, replay: { runs: REPLAY_RUNS, rows: replay }, batching }, null, 2));
} else {
  console.log(`Node ${process.version}\n`);
  console.log(`replay through durableHandler (median of ${REPLAY_RUNS - 1} runs after the first)`);
  console.log("operations   first (ms)   median (ms)   us/operation");
  for (const row of replay) {
    console.log(`${String(row.operations).padStart(10)}   ${row.firstMs.toFixed(2).padStart(10)}   ${row.medianMs.toFixed(2).padStart(11)}   ${row.usPerOperation.toFixed(2).padStart(12)}`);
  }
  console.log("\nmap of 100 one-step items, maxConcurrency 10, zero-latency in-memory service (official SDK: 11 calls, 402 updates)");
  console.log("nesting   calls   updates      bytes   time (ms)");
  for (const row of batching) {
    console.log(`${row.nesting.padEnd(7)}   ${String(row.calls).padStart(5)}   ${String(row.updates).padStart(7)}   ${String(row.bytes).padStart(8)}   ${row.ms.toFixed(1).padStart(9)}`);
  }
}
