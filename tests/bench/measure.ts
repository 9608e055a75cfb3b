// Small helpers shared by the scenarios: medians, fair ordering, and the plan of sizes and repetitions.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const LIBRARIES = ["durable-gen", "official"] as const;
export type Library = (typeof LIBRARIES)[number];

/** The libraries in the order round `round` runs them: the order flips every round, so neither always goes first. */
export function inTurn(round: number): Library[] {
  return round % 2 === 0 ? [...LIBRARIES] : [...LIBRARIES].reverse();
}

/** One figure per library. */
export interface Pair {
  ours: number;
  official: number;
}

export function pairOf(figure: (library: Library) => number): Pair {
  return { ours: figure("durable-gen"), official: figure("official") };
}

/**
 * Sizes and repetitions. The timed scenarios run in `rounds` fresh processes per library (alternating), each doing
 * the per-process repetitions, so one library's garbage and JIT state never land in the other's figures.
 */
export interface Plan {
  rounds: number;
  replaySizes: number[];
  /** Replays per process; the first one of each process is its "first run". */
  replayRuns: number;
  /** Untimed replays between the first run and the others, by number of operations replayed. */
  replayWarmOperations: number;
  freshSizes: number[];
  freshRuns: number;
  /** Untimed executions before the timed ones, by number of steps run (at least one execution). */
  freshWarmSteps: number;
  mapSizes: number[];
  mapRuns: number;
  maxConcurrency: number;
  waits: { steps: number; every: number; runs: number };
  coldStartProcesses: number;
  /** The first-replay scenario: fresh processes per library, each replaying a history of this many steps once. */
  firstReplayProcesses: number;
  firstReplayOperations: number;
  /** The first-replay scenario runs again on Node 22 (Lambda's runtime) when this process runs another version. */
  firstReplayOnNode22: boolean;
  heapOperations: number;
  heapProcesses: number;
}

export const fullPlan: Plan = {
  rounds: 3,
  replaySizes: [100, 1_000, 3_000],
  replayRuns: 10,
  replayWarmOperations: 20_000,
  freshSizes: [100, 1_000],
  freshRuns: 5,
  freshWarmSteps: 5_000,
  mapSizes: [100, 1_000],
  mapRuns: 1,
  maxConcurrency: 10,
  waits: { steps: 300, every: 10, runs: 1 },
  coldStartProcesses: 21,
  firstReplayProcesses: 11,
  firstReplayOperations: 3_000,
  firstReplayOnNode22: true,
  heapOperations: 3_000,
  heapProcesses: 3,
};

export const smokePlan: Plan = {
  rounds: 1,
  replaySizes: [10, 30],
  replayRuns: 2,
  replayWarmOperations: 0,
  freshSizes: [10],
  freshRuns: 1,
  freshWarmSteps: 0,
  mapSizes: [12],
  mapRuns: 1,
  maxConcurrency: 3,
  waits: { steps: 20, every: 10, runs: 1 },
  coldStartProcesses: 1,
  firstReplayProcesses: 1,
  firstReplayOperations: 30,
  firstReplayOnNode22: false,
  heapOperations: 30,
  heapProcesses: 1,
};
