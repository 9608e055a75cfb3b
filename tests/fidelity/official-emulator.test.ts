// The histories durable serve records for official-SDK handlers, against the ones the official LocalDurableTestRunner
// (the official emulator) records for the same handlers, in real time: event types, subtypes, names, parents and
// order, the fields each event carries, and how many invocations it took. Drift on either side fails here.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Event } from "@aws-sdk/client-lambda";
import { InvocationType, LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { historyShape, SCENARIOS, type Scenario } from "./scenarios";
import { serveOfficialHandlers } from "./serve";

async function onEmulator(scenario: Scenario): Promise<Event[]> {
  const runner = new LocalDurableTestRunner({ handlerFunction: scenario.handler });
  for (const [name, handler] of Object.entries(scenario.invokes?.durable ?? {})) runner.registerDurableFunction(name, handler);
  for (const [name, handler] of Object.entries(scenario.invokes?.plain ?? {})) runner.registerFunction(name, handler);
  const running = runner.run({ payload: scenario.payload });
  await scenario.answer?.(runner);
  return (await running).getHistoryEvents();
}

test("durable serve records the official emulator's histories for the same official-SDK handlers, in real time", async () => {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false });
  let emulated: Event[][];
  try {
    emulated = await Promise.all(SCENARIOS.map(onEmulator));
  } finally {
    await LocalDurableTestRunner.teardownTestEnvironment();
  }
  const served = await serveOfficialHandlers();
  try {
    const ours = await Promise.all(SCENARIOS.map(async (scenario) => {
      const runner = served.runner(scenario.functionName, scenario.answer === undefined ? InvocationType.RequestResponse : InvocationType.Event);
      const running = runner.run({ payload: scenario.payload });
      await scenario.answer?.(runner);
      return (await running).getHistoryEvents();
    }));
    const differences = SCENARIOS.flatMap((scenario, index) => {
      const answered = scenario.answer !== undefined;
      const expected = historyShape(emulated[index]!, answered);
      const actual = historyShape(ours[index]!, answered);
      const found: string[] = [];
      if (!answered && actual.invocations.join() !== expected.invocations.join()) {
        found.push(`${scenario.functionName} invocations:\n    ours      ${actual.invocations.join("\n              ")}\n    emulator  ${expected.invocations.join("\n              ")}`);
      }
      const length = Math.max(actual.shapes.length, expected.shapes.length);
      for (let i = 0; i < length; i++) {
        if (actual.shapes[i] !== expected.shapes[i]) found.push(`${scenario.functionName} event ${i + 1}:\n    ours      ${actual.shapes[i]}\n    emulator  ${expected.shapes[i]}`);
      }
      return found;
    });
    assert.equal(differences, [], differences.join("\n"));
  } finally {
    await served.stop();
  }
});

test.run();
