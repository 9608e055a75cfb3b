import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SkippingClock } from "../../lib/local/clock";
import { seededRandom } from "../../lib/local/faults";
import type { LocalExecution } from "../../lib/local/execution";
import { LocalService } from "../../lib/local/service";
import { httpService } from "../support/harness";
import { crashPoints } from "../e2e/fixtures/crash-points";
import { outcomeOf } from "./soak";

const FIXTURE = "tests/e2e/fixtures/crash-points.ts";

export interface CrashPlanEntry {
  readonly at: string;
  readonly nth: number;
}

export interface CrashReport {
  readonly plan: readonly CrashPlanEntry[];
  /** The crashes that happened, in order. */
  readonly crashes: readonly CrashPlanEntry[];
  readonly execution: LocalExecution;
  readonly invocations: number;
  /** What went wrong: a result or operation unlike the crash-free run's, an at-most-once attempt run twice, a recorded attempt that never ran. */
  readonly problems: readonly string[];
}

/** Crash points, one of each kind, at a seeded random occurrence: a step of each semantics, a map item, and either side of a checkpoint call. */
export function crashPlan(seed: number): CrashPlanEntry[] {
  const random = seededRandom(seed);
  const pick = (max: number) => 1 + Math.floor(random() * max);
  return [
    { at: "step:charge", nth: 1 },
    { at: random() < 0.5 ? "step:pack" : "step:label", nth: pick(4) },
    { at: "checkpoint-send", nth: pick(6) },
    { at: "checkpoint-answered", nth: pick(8) },
  ];
}

const lines = <T>(file: string): T[] => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as T) : []);

/**
 * Runs the crash-points workflow with its handler in a process of its own (through the real client-lambda over
 * HTTP), SIGKILLed at the points `crashPlan(seed)` picks, and compares it with a crash-free in-process run.
 */
export async function crashRun(seed: number): Promise<CrashReport> {
  const reference = new LocalService({ clock: new SkippingClock() });
  reference.register("crash-points", crashPoints);
  const expected = outcomeOf(await reference.result(reference.start("crash-points", { id: "o-1" }, "crash-free").executionArn));

  const dir = mkdtempSync(join(tmpdir(), "durable-crash-"));
  const plan = crashPlan(seed);
  Object.assign(process.env, { CRASH_DIR: dir, CRASH_PLAN: JSON.stringify(plan) });
  const local = await httpService({ clock: new SkippingClock(), maxCrashes: 10 });
  try {
    local.service.register("crash-points", { kind: "process", module: FIXTURE, durable: true });
    const done = await local.service.result(local.service.start("crash-points", { id: "o-1" }, "crash-free").executionArn);
    const crashes = lines<CrashPlanEntry>(join(dir, "crashes.ndjson"));
    const runs = lines<{ name: string; operationId: string; attempt: number; semantics: string }>(join(dir, "runs.ndjson"));
    const problems: string[] = [];
    const exits = done.invocations.filter((invocation) => invocation.error?.ErrorType === "Runtime.ExitError").length;
    if (exits !== crashes.length) problems.push(`${crashes.length} crashes but ${exits} invocations ended with Runtime.ExitError`);
    if (done.status !== "SUCCEEDED") problems.push(`the execution ended ${done.status}: ${JSON.stringify(done.error)}`);
    if (JSON.stringify(outcomeOf(done)) !== JSON.stringify(expected)) problems.push(`the outcome differs from the crash-free run: ${JSON.stringify(outcomeOf(done))} vs ${JSON.stringify(expected)}`);
    const count = new Map<string, number>();
    for (const run of runs) count.set(`${run.operationId}#${run.attempt}`, (count.get(`${run.operationId}#${run.attempt}`) ?? 0) + 1);
    for (const run of runs) {
      if (run.semantics === "at-most-once" && count.get(`${run.operationId}#${run.attempt}`)! > 1) problems.push(`at-most-once ${run.name} (${run.operationId}) attempt ${run.attempt} ran ${count.get(`${run.operationId}#${run.attempt}`)} times`);
    }
    for (const operation of done.all().filter((operation) => operation.Type === "STEP")) {
      const semantics = runs.find((run) => run.operationId === operation.Id)?.semantics;
      for (let attempt = 1; attempt <= (operation.StepDetails?.Attempt ?? 0); attempt++) {
        if (semantics === "at-most-once" && interrupted(done, operation.Id, attempt)) continue;
        if ((count.get(`${operation.Id}#${attempt}`) ?? 0) === 0) problems.push(`step ${operation.Name} (${operation.Id}) attempt ${attempt} is recorded but never ran`);
      }
    }
    return { plan, crashes, execution: done, invocations: done.invocations.length, problems: [...new Set(problems)] };
  } finally {
    delete process.env.CRASH_DIR;
    delete process.env.CRASH_PLAN;
    await local.close();
  }
}

/** The service recorded attempt `attempt` of step `id` as interrupted (its process died while it ran). */
export function interrupted(execution: LocalExecution, id: string, attempt: number): boolean {
  return execution.history.events.some((event) => {
    if (event.Id !== id || event.EventType !== "StepFailed") return false;
    const details = event.StepFailedDetails as { Error: { Payload: { ErrorType?: string } }; RetryDetails: { CurrentAttempt: number } };
    return details.Error.Payload.ErrorType === "StepInterruptedError" && details.RetryDetails.CurrentAttempt === attempt;
  });
}
