import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleScenario } from "../bench/bundle";
import { firstReplayScenario } from "../bench/first-replay";
import { heapScenario } from "../bench/heap";
import { smokePlan } from "../bench/measure";
import { lines, targets } from "../bench/report";
import { samplesInThisProcess, timedRows } from "../bench/samples";

test("every bench scenario runs for both libraries (tiny sizes; no figure is checked, only that they were measured)", async () => {
  const timed = timedRows(smokePlan, await samplesInThisProcess(smokePlan));
  const results = { ...timed, bundle: await bundleScenario(smokePlan), firstReplay: await firstReplayScenario(smokePlan), heap: await heapScenario(smokePlan) };
  assert.is(results.replay.length, smokePlan.replaySizes.length);
  assert.is(results.map.length, smokePlan.mapSizes.length * 2);
  for (const row of lines(results)) {
    assert.ok(Number.isFinite(row.durableGen) && Number.isFinite(row.official), `${row.scenario}, ${row.figure}: ${row.durableGen} / ${row.official}`);
  }
  // Both libraries send the same updates for the same workflow.
  for (const row of [...results.fresh, ...results.map, results.waits]) assert.equal(row.updates.ours, row.updates.official);
  assert.ok(results.bundle.bytes.ours > 0 && results.heap.peakBytes.ours > 0);
  assert.is(results.firstReplay.runtimes.length, 1, "the smoke plan measures this Node only");
  const [firstReplay] = results.firstReplay.runtimes;
  assert.ok(firstReplay!.replayMs.ours > 0 && firstReplay!.replayMs.official > 0);
  assert.ok(firstReplay!.bareLoopMs > 0 && Number.isFinite(firstReplay!.bareLoopMs), `bare loop ${firstReplay!.bareLoopMs} ms`);
  assert.is(targets(results).length, 6 + smokePlan.freshSizes.length);
});

test.run();
