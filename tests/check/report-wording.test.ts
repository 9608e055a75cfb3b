import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { formatReport, replay } from "../../lib/replay/index";
import { invoicesWorkflow } from "../../samples/fanout";
import { orderWorkflow } from "../../samples/order";

const histories = join(import.meta.dirname, "..", "..", "samples", "histories");

test("a passing replay says in words which completed contexts it did not re-enter, and why", async () => {
  const report = await replay(orderWorkflow, join(histories, "order.events.json"));
  assert.equal(report.notReentered, [{ label: 'map "reserve"', inner: 4 }, { label: 'waitForCallback "approval"', inner: 2 }]);
  const lines = formatReport(report).split("\n");
  assert.is(lines[1], "  recorded    12 operations (the execution was SUCCEEDED)");
  assert.is(lines[2], '  replayed    6 operations from their records; 2 completed contexts (map "reserve", waitForCallback "approval") returned their recorded results without being re-entered, exactly as on AWS, so the 6 operations inside did not run again');
  const fanout = formatReport(await replay(invoicesWorkflow, join(histories, "fanout.events.json")));
  assert.match(fanout, /a completed context \(map "send-invoices"\) returned its recorded result without being re-entered, exactly as on AWS, so the 9 operations inside did not run again/);
});

test("a diverging replay counts what it replayed before the divergence, and names no contexts", async () => {
  const report = await replay(orderWorkflow, join(histories, "order.renamed.events.json"));
  assert.equal(report.notReentered, []);
  assert.match(formatReport(report), /replayed {4}2 operations from their records before the divergence\n/);
});

test.run();
