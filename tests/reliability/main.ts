// `npm run soak`: the sample workflows under each fault kind alone and all together, for several seeds, each run
// compared with a fault-free one. Prints a line per run and the totals; exits 1 if anything was lost.
import { parseArgs } from "node:util";
import { FAULT_KINDS, type FaultRates } from "../../lib/local/faults";
import { differences, soak } from "./soak";

const { values } = parseArgs({ options: { "per-workflow": { type: "string", default: "10" }, seeds: { type: "string", default: "1,2,3" } } });
const perWorkflow = Number(values["per-workflow"]);
const seeds = values.seeds.split(",").map(Number);

const RATES: Record<string, FaultRates> = {
  "429": { "429": 0.1 },
  "500": { "500": 0.2 },
  "503": { "503": 0.2 },
  drop: { drop: 0.2 },
  slow: { slow: 0.3 },
  "stale-token": { "stale-token": 0.2 },
  all: { "429": 0.05, "500": 0.05, "503": 0.05, drop: 0.1, slow: 0.1, "stale-token": 0.1 },
};

const totals = { executions: 0, calls: 0, faults: 0, failedInvocations: 0, lost: 0 };
const byKind = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<(typeof FAULT_KINDS)[number], number>;
const started = Date.now();
const reference = await soak({ seed: 0, perWorkflow });
totals.executions += reference.executions;
console.log(`reference: ${reference.executions} executions, ${reference.invocations} invocations, no faults`);
for (const seed of seeds) {
  for (const [label, rates] of Object.entries(RATES)) {
    const report = await soak({ seed, perWorkflow, rates });
    const problems = [...differences(reference, report), ...report.historyProblems, ...report.repeatedAtMostOnce.map((key) => `at-most-once ran twice: ${key}`)];
    const injected = Object.values(report.faults).reduce((sum, count) => sum + count, 0);
    totals.executions += report.executions;
    totals.calls += report.faultyCalls;
    totals.faults += injected;
    totals.failedInvocations += report.failedInvocations;
    totals.lost += problems.length;
    for (const kind of FAULT_KINDS) byKind[kind] += report.faults[kind];
    console.log(`seed ${seed} ${label.padEnd(11)} ${report.executions} executions, ${report.faultyCalls} calls, ${injected} faults ${JSON.stringify(report.faults)}, ${report.invocations} invocations (${report.failedInvocations} failed and re-invoked), ${problems.length} problems`);
    for (const problem of problems) console.log(`  ${problem}`);
  }
}
console.log(`\n${totals.executions} executions run, ${totals.calls} checkpoint/state calls, ${totals.faults} faults injected (${FAULT_KINDS.map((kind) => `${kind} ${byKind[kind]}`).join(", ")}), ${totals.failedInvocations} failed invocations survived, data lost: ${totals.lost} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(totals.lost === 0 ? 0 : 1);
