import { test } from "uvu";
import * as assert from "uvu/assert";
import { FAULT_KINDS, type FaultRates } from "../../lib/local/faults";
import { differences, soak, type SoakReport } from "../reliability/soak";

// The same mix as `npm run soak`, smaller: every sample workflow twice, under each fault kind alone, then all together.
const RATES: Record<string, FaultRates> = {
  "429": { "429": 0.08 },
  "500": { "500": 0.15 },
  "503": { "503": 0.15 },
  drop: { drop: 0.15 },
  slow: { slow: 0.2 },
  "stale-token": { "stale-token": 0.1 },
  all: { "429": 0.03, "500": 0.03, "503": 0.03, drop: 0.05, slow: 0.05, "stale-token": 0.05 },
};

let reference: SoakReport;

test("the fault-free reference run: every sample execution succeeds, histories are clean", async () => {
  reference = await soak({ seed: 0, perWorkflow: 2 });
  assert.is(reference.executions, 8);
  assert.equal([...reference.outcomes.values()].map((outcome) => outcome.status), Array(8).fill("SUCCEEDED"));
  assert.equal(reference.historyProblems, []);
  assert.is(reference.failedInvocations, 0);
});

for (const [label, rates] of Object.entries(RATES)) {
  test(`under ${label} faults (seeded): results and operations equal the fault-free run, nothing duplicated or lost, no at-most-once attempt repeated`, async () => {
    const report = await soak({ seed: 7, perWorkflow: 2, rates });
    const kinds = label === "all" ? FAULT_KINDS.filter((kind) => kind !== "slow") : [label as keyof SoakReport["faults"]];
    for (const kind of kinds) assert.ok(report.faults[kind] > 0, `${kind} faults were injected: ${JSON.stringify(report.faults)}`);
    assert.equal(differences(reference, report), []);
    assert.equal(report.historyProblems, []);
    assert.equal(report.repeatedAtMostOnce, []);
  });
}

test.run();
