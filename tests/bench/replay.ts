// Replay of a recorded history of N completed steps: every step returns its recorded result, nothing is
// checkpointed. Both libraries replay the same event (the whole history in it), parsed afresh for every run as
// Lambda parses it; one handler serves all the runs of a process, as a warm sandbox does.
import { ours, type Contender } from "./contenders";
import { execute } from "./execute";
import { median, pairOf, type Library, type Pair } from "./measure";
import { BenchService, lambdaContext, parseEvent } from "./service";

export interface ReplayRow {
  operations: number;
  /** The first replay in a fresh process (the library loaded, its code not run yet). */
  firstMs: Pair;
  /** Over the later replays of every process, after the warm-up. */
  medianMs: Pair;
  usPerOperation: Pair;
}

/** The event of an execution whose `n` steps all completed (recorded by running it), as JSON text. */
export async function recordedSteps(n: number): Promise<string> {
  const service = new BenchService({ n });
  await execute(service, ours.steps(service.client));
  return service.eventJson();
}

/**
 * The durations of `runs` replays of the recorded event by one library in this process: the first replay, then,
 * after enough replays to have replayed `warmOperations` operations (not timed: a warm sandbox has served many
 * invocations, and the JIT has compiled the replay path by then), the others.
 */
export async function replayTimes(contender: Contender, n: number, eventJson: string, runs: number, warmOperations: number): Promise<number[]> {
  const service = new BenchService({ n });
  const handler = contender.steps(service.client);
  const expected = String((n * (n - 1)) / 2);
  const replay = async (): Promise<number> => {
    const event = parseEvent(eventJson);
    const started = performance.now();
    const output = await handler(event, lambdaContext);
    const ms = performance.now() - started;
    if (output.Status !== "SUCCEEDED" || output.Result !== expected) {
      throw new Error(`${contender.name} replaying ${n} steps answered ${output.Status} ${output.Result ?? JSON.stringify(output.Error)}`);
    }
    if (service.traffic.calls !== 0) throw new Error(`${contender.name} checkpointed during a full replay`);
    return ms;
  };
  const times = [await replay()];
  for (let replayed = n; replayed < warmOperations; replayed += n) await replay();
  while (times.length < runs) times.push(await replay());
  return times;
}

/** `processes[library]` holds each process's replay times, first run first. */
export function replayRow(n: number, processes: Record<Library, number[][]>): ReplayRow {
  const medianMs = pairOf((library) => median(processes[library].flatMap((times) => times.slice(1))));
  return {
    operations: n,
    firstMs: pairOf((library) => median(processes[library].map((times) => times[0]!))),
    medianMs,
    usPerOperation: { ours: (medianMs.ours * 1000) / n, official: (medianMs.official * 1000) / n },
  };
}
