// `npm run soak`: the sample workflows under each fault kind alone and all together, for several seeds, each run
// compared with a fault-free one; handler processes SIGKILLed at seeded points; serve --data killed -9 and
// restarted, stopped with SIGINT / SIGTERM mid-invocation and restarted (Invokes retried by name), and answered on a
// full disk; random malformed histories. Prints a line per run and the totals; exits 1 if anything was lost.
import { parseArgs } from "node:util";
import fc from "fast-check";
import { FAULT_KINDS, type FaultRates } from "../../lib/local/faults";
import { crashRun } from "./crash";
import { mutation, recordedHistory, runMalformed } from "./malformed";
import { journalKills } from "./journal-kill";
import { diskFullCycles, stopCycles } from "./service-cycles";
import { differences, soak } from "./soak";

const { values } = parseArgs({
  options: {
    "per-workflow": { type: "string", default: "10" },
    seeds: { type: "string", default: "1,2,3" },
    "crash-seeds": { type: "string", default: "8" },
    "kill-cycles": { type: "string", default: "20" },
    "stop-cycles": { type: "string", default: "20" },
    "disk-cycles": { type: "string", default: "10" },
    malformed: { type: "string", default: "20000" },
  },
});
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

let crashes = 0;
let crashProblems = 0;
const crashPoints = new Map<string, number>();
for (let seed = 1; seed <= Number(values["crash-seeds"]); seed++) {
  const report = await crashRun(seed);
  crashes += report.crashes.length;
  crashProblems += report.problems.length;
  for (const crash of report.crashes) crashPoints.set(crash.at, (crashPoints.get(crash.at) ?? 0) + 1);
  console.log(`crash seed ${seed}: ${report.crashes.length} SIGKILLs (${report.crashes.map((crash) => `${crash.at} #${crash.nth}`).join(", ")}), ${report.invocations} invocations, ${report.execution.status}, ${report.problems.length} problems`);
  for (const problem of report.problems) console.log(`  ${problem}`);
}

const kills = await journalKills(42, Number(values["kill-cycles"]), 2, 40);
console.log(`serve --data: ${kills.kills} kill -9 and restarts, ${kills.executions} executions, ${kills.acknowledgedEvents} acknowledged events checked, ${kills.tornWrites} torn last records dropped, ${kills.problems.length} problems`);
for (const problem of kills.problems) console.log(`  ${problem}`);

const stops = await stopCycles(7, Number(values["stop-cycles"]));
console.log(`serve --data: ${stops.cycles} SIGINT/SIGTERM stops mid-invocation and restarts, ${stops.executions} executions, ${stops.sameNameRetries} same-name Invoke retries, ${stops.problems.length} problems`);
for (const problem of stops.problems) console.log(`  ${problem}`);
const disk = await diskFullCycles(Number(values["disk-cycles"]));
console.log(disk.skipped !== undefined
  ? `serve --data on a full disk: skipped (${disk.skipped})`
  : `serve --data on a full disk: ${disk.cycles} cycles, ${disk.faults} answers refused with 500 ServiceException, ${disk.executions} executions completed with the acknowledged answer after kill -9, ${disk.problems.length} problems`);
for (const problem of disk.problems) console.log(`  ${problem}`);

const history = await recordedHistory();
const verdicts = { outcome: 0, rejected: 0, undocumented: 0, hung: 0 };
const undocumented = new Map<string, number>();
for (const mutations of fc.sample(fc.array(mutation, { minLength: 1, maxLength: 6 }), { seed: 99, numRuns: Number(values.malformed) })) {
  const verdict = await runMalformed(history, mutations);
  verdicts[verdict.kind]++;
  if (verdict.kind === "undocumented") {
    const error = verdict.error as Error;
    const where = /at (?:Object\.)?(\w+) \(.*?([\w-]+\.ts):(\d+)/.exec(error?.stack ?? "");
    const key = `${error?.name} from ${where ? `${where[1]} (${where[2]}:${where[3]})` : "?"}`;
    undocumented.set(key, (undocumented.get(key) ?? 0) + 1);
  }
}
console.log(`malformed histories: ${Number(values.malformed)} tried, ${verdicts.rejected} rejected with InvalidEventError / InvocationError, ${verdicts.outcome} ran to an outcome, ${verdicts.hung} hung, ${verdicts.undocumented} other errors${undocumented.size > 0 ? ` (${[...undocumented].map(([key, count]) => `${key} x${count}`).join("; ")})` : ""}`);

const lost = totals.lost + crashProblems + kills.problems.length + stops.problems.length + disk.problems.length;
console.log(`\nfaults: ${totals.executions} executions run, ${totals.calls} checkpoint/state calls, ${totals.faults} faults injected (${FAULT_KINDS.map((kind) => `${kind} ${byKind[kind]}`).join(", ")}), ${totals.failedInvocations} failed invocations survived`);
console.log(`crashes: ${crashes} SIGKILLs of handler processes survived (${[...crashPoints].map(([at, count]) => `${at} ${count}`).join(", ")})`);
console.log(`journal: ${kills.kills} kill -9 of serve --data survived, ${kills.executions} executions completed`);
console.log(`stops: ${stops.cycles} graceful stops survived, none counted as a crash; ${stops.sameNameRetries} same-name retries answered the same execution; ${disk.faults} disk-full refusals, none acknowledged`);
console.log(`inputs: ${verdicts.rejected} malformed histories rejected with a documented error, ${verdicts.undocumented} with another`);
console.log(`data lost: ${lost} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(lost === 0 ? 0 : 1);
