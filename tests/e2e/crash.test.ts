import { test } from "uvu";
import * as assert from "uvu/assert";
import { crashRun, interrupted } from "../reliability/crash";

// One seed here (each invocation is a process of its own); `npm run soak` runs more.
test("the handler's process is SIGKILLed in steps, in a map item, and either side of checkpoint calls; re-invoked, it ends as the crash-free run, each at-most-once attempt ran at most once, every recorded attempt ran", async () => {
  const report = await crashRun(3);
  assert.ok(report.crashes.length >= 3, `at least three of the planned crashes happened: ${JSON.stringify(report.crashes)} of ${JSON.stringify(report.plan)}`);
  assert.ok(report.crashes.every((crash) => report.plan.some((planned) => planned.at === crash.at && planned.nth === crash.nth)), "crashes happen only where planned");
  assert.equal(report.problems, []);
  const charge = report.execution.all().find((operation) => operation.Name === "charge")!;
  assert.ok(interrupted(report.execution, charge.Id, 1), "the charge killed in its first attempt is an interrupted attempt, retried by its strategy");
  assert.is(charge.StepDetails?.Attempt, 2);
});

test.run();
