// npm run record-histories: runs every sample on the embedded local service and saves what it recorded, in both
// formats `replay` reads (the event history and the operation state), plus the negative control. Tests replay them
// (tests/e2e/sample-histories.test.ts); re-record only when a sample changes on purpose.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { saveHistory, type LocalRunResult } from "durable-gen/testing";
import { SCENARIOS } from "./scenarios";

const here = import.meta.dirname;

for (const scenario of SCENARIOS) {
  const run: LocalRunResult<unknown> = await scenario.run();
  saveHistory(join(here, `${scenario.name}.events.json`), run);
  writeFileSync(join(here, `${scenario.name}.state.json`), `${JSON.stringify({ Operations: run.operations }, null, 2)}\n`);
  console.log(`${scenario.name}: ${run.status}, ${run.events.length} events, ${run.operations.length} operations`);
}

// The negative control: the order's history with the charge step renamed, as if the code had renamed it after the
// execution started. Replaying it with the current code must fail and name that step.
const order = JSON.parse(readFileSync(join(here, "order.events.json"), "utf8")) as { Events: { Name?: string }[] };
for (const event of order.Events) if (event.Name === "charge") event.Name = "charge-card";
writeFileSync(join(here, "order.renamed.events.json"), `${JSON.stringify(order, null, 2)}\n`);
console.log("order.renamed: the order's events with the step \"charge\" renamed \"charge-card\"");
