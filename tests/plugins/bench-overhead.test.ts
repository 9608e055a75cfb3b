import { test } from "uvu";
import * as assert from "uvu/assert";
import { smokePlan } from "../bench/measure";
import { PLUGIN_VARIANTS, pluginOverheadScenario, pluginOverheadTable } from "../bench/plugin-overhead";

test("the bench's plugin overhead scenario measures every variant (tiny sizes; no figure is checked)", async () => {
  const rows = await pluginOverheadScenario(smokePlan);
  assert.equal(rows.map((row) => row.variant), [...PLUGIN_VARIANTS]);
  for (const row of rows) assert.ok(Number.isFinite(row.replayMedianMs) && Number.isFinite(row.freshUsPerStep) && row.replayMedianMs > 0, JSON.stringify(row));
  assert.match(pluginOverheadTable(rows), /OpenTelemetry plugin/);
});

test.run();
