// A workflow with a wait after every 10 steps, run to its end across all its invocations (each one replays what
// the ones before recorded): the CPU time of all the invocations, without the time spent inside the service.
import type { Contender } from "./contenders";
import { execute, medianPair, trafficPairs, type Executions, type ExecutionFigures, type TrafficPairs } from "./execute";
import type { Pair } from "./measure";
import { BenchService } from "./service";

export interface WaitsRow extends TrafficPairs {
  steps: number;
  every: number;
  invocations: Pair;
  /** Median over the executions of the CPU time of every invocation, less the service's. */
  cpuMs: Pair;
}

export async function waitsExecution(contender: Contender, n: number, every: number): Promise<ExecutionFigures> {
  const service = new BenchService({ n, every });
  const figure = await execute(service, contender.stepsWithWaits(service.client));
  if (figure.result !== String((n * (n - 1)) / 2)) throw new Error(`${contender.name}: ${n} steps with waits returned ${figure.result}`);
  return figure;
}

export function waitsRow(n: number, every: number, executions: Executions): WaitsRow {
  return {
    steps: n,
    every,
    invocations: medianPair(executions, (figure) => figure.invocations),
    cpuMs: medianPair(executions, (figure) => figure.cpuMs - figure.serviceMs),
    ...trafficPairs(executions),
  };
}
