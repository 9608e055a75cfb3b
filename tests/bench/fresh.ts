// A fresh execution of N sequential steps in one invocation: the time the library spends per step (the
// invocation's wall time less the time spent inside the service), and what it sends. Run against LocalExecution and again against the
// minimal service, which shows the library's own cost without the emulator's garbage.
import type { Contender } from "./contenders";
import { execute, medianPair, trafficPairs, type Executions, type ExecutionFigures, type TrafficPairs } from "./execute";
import type { Pair } from "./measure";
import { BenchService } from "./service";

export interface FreshRow extends TrafficPairs {
  steps: number;
  /** Median over the executions of the library's time per step, in microseconds, on LocalExecution. */
  usPerStep: Pair;
  /** The same on the minimal service. */
  usPerStepMinimal: Pair;
}

export async function freshExecution(contender: Contender, n: number, minimal: boolean): Promise<ExecutionFigures> {
  const service = new BenchService({ n }, minimal);
  const figure = await execute(service, contender.steps(service.client));
  if (figure.result !== String((n * (n - 1)) / 2)) throw new Error(`${contender.name}: ${n} fresh steps returned ${figure.result}`);
  return figure;
}

export function freshRow(n: number, executions: Executions, minimal: Executions): FreshRow {
  const usPerStep = (figure: ExecutionFigures) => ((figure.wallMs - figure.serviceMs) * 1000) / n;
  return { steps: n, usPerStep: medianPair(executions, usPerStep), usPerStepMinimal: medianPair(minimal, usPerStep), ...trafficPairs(executions) };
}
