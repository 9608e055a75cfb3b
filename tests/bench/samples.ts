// The timed scenarios (replay, fresh, map, waits) for one library in one process, and the rounds of fresh
// processes that collect them for both libraries, alternating which goes first.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contenders, type Nesting } from "./contenders";
import type { Executions, ExecutionFigures } from "./execute";
import { fanOutExecution, fanOutRow, type FanOutRow } from "./fan-out";
import { freshExecution, freshRow, type FreshRow } from "./fresh";
import { inTurn, LIBRARIES, type Library, type Plan } from "./measure";
import { recordedSteps, replayRow, replayTimes, type ReplayRow } from "./replay";
import { bundleProcessScript } from "./process-script";
import { waitsExecution, waitsRow, type WaitsRow } from "./waits";

/** What one library's process measured; keys are sizes (and nesting, for maps). */
export interface Samples {
  replay: Record<string, number[][]>;
  fresh: Record<string, ExecutionFigures[]>;
  map: Record<string, ExecutionFigures[]>;
  waits: ExecutionFigures[];
}

/** The recorded histories the replay scenario replays, by size, as JSON text. */
export type RecordedEvents = Record<string, string>;

const NESTINGS: readonly Nesting[] = ["nested", "flat"];

export async function recordEvents(plan: Plan): Promise<RecordedEvents> {
  const events: RecordedEvents = {};
  for (const n of plan.replaySizes) events[n] = await recordedSteps(n);
  return events;
}

/** `times` executions after `warmUps` more that warm the code up (their figures are dropped). */
async function repeat(times: number, once: () => Promise<ExecutionFigures>, warmUps = 1): Promise<ExecutionFigures[]> {
  for (let run = 0; run < warmUps; run++) await once();
  const figures: ExecutionFigures[] = [];
  for (let run = 0; run < times; run++) figures.push(await once());
  return figures;
}

/** Every timed scenario for one library, in this process. */
export async function librarySamples(library: Library, plan: Plan, events: RecordedEvents): Promise<Samples> {
  const contender = contenders[library];
  const samples: Samples = { replay: {}, fresh: {}, map: {}, waits: [] };
  for (const n of plan.replaySizes) samples.replay[n] = [await replayTimes(contender, n, events[n]!, plan.replayRuns, plan.replayWarmOperations)];
  for (const n of plan.freshSizes) {
    const warmUps = Math.max(1, Math.ceil(plan.freshWarmSteps / n));
    samples.fresh[n] = await repeat(plan.freshRuns, () => freshExecution(contender, n, false), warmUps);
    samples.fresh[`${n} minimal`] = await repeat(plan.freshRuns, () => freshExecution(contender, n, true), warmUps);
  }
  for (const n of plan.mapSizes) {
    for (const nesting of NESTINGS) samples.map[`${n} ${nesting}`] = await repeat(plan.mapRuns, () => fanOutExecution(contender, n, plan.maxConcurrency, nesting));
  }
  samples.waits = await repeat(plan.waits.runs, () => waitsExecution(contender, plan.waits.steps, plan.waits.every));
  return samples;
}

function merge(into: Samples, from: Samples): Samples {
  for (const [key, runs] of Object.entries(from.replay)) (into.replay[key] ??= []).push(...runs);
  for (const [key, runs] of Object.entries(from.fresh)) (into.fresh[key] ??= []).push(...runs);
  for (const [key, runs] of Object.entries(from.map)) (into.map[key] ??= []).push(...runs);
  into.waits.push(...from.waits);
  return into;
}

const empty = (): Samples => ({ replay: {}, fresh: {}, map: {}, waits: [] });

/** `plan.rounds` rounds; in each, a fresh process per library (the order flips every round) runs every timed scenario. */
export async function samplesInProcesses(plan: Plan): Promise<Record<Library, Samples>> {
  const directory = mkdtempSync(join(tmpdir(), "durable-gen-bench-"));
  try {
    const eventsFile = join(directory, "events.json");
    writeFileSync(eventsFile, JSON.stringify(await recordEvents(plan)));
    const planFile = join(directory, "plan.json");
    writeFileSync(planFile, JSON.stringify(plan));
    const script = await bundleProcessScript("tests/bench/library-process.ts", directory);
    const all: Record<Library, Samples> = { "durable-gen": empty(), official: empty() };
    for (let round = 0; round < plan.rounds; round++) {
      for (const library of inTurn(round)) {
        const output = execFileSync(process.execPath, [script, library, planFile, eventsFile], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        merge(all[library], JSON.parse(output.trim().split("\n").at(-1)!) as Samples);
      }
    }
    return all;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Both libraries in this process, one after the other (the smoke test's way: quick, not for figures). */
export async function samplesInThisProcess(plan: Plan): Promise<Record<Library, Samples>> {
  const events = await recordEvents(plan);
  return { "durable-gen": await librarySamples("durable-gen", plan, events), official: await librarySamples("official", plan, events) };
}

export interface TimedRows {
  replay: ReplayRow[];
  fresh: FreshRow[];
  map: FanOutRow[];
  waits: WaitsRow;
}

export function timedRows(plan: Plan, samples: Record<Library, Samples>): TimedRows {
  const byLibrary = <T>(pick: (library: Samples) => T): Record<Library, T> =>
    Object.fromEntries(LIBRARIES.map((library) => [library, pick(samples[library])])) as Record<Library, T>;
  const executions = (pick: (library: Samples) => ExecutionFigures[]): Executions => byLibrary(pick);
  return {
    replay: plan.replaySizes.map((n) => replayRow(n, byLibrary((library) => library.replay[n]!))),
    fresh: plan.freshSizes.map((n) => freshRow(n, executions((library) => library.fresh[n]!), executions((library) => library.fresh[`${n} minimal`]!))),
    map: plan.mapSizes.flatMap((n) => NESTINGS.map((nesting) => fanOutRow(n, nesting, executions((library) => library.map[`${n} ${nesting}`]!)))),
    waits: waitsRow(plan.waits.steps, plan.waits.every, executions((library) => library.waits)),
  };
}
