// A map of N one-step items, maxConcurrency 10, nested and flat, run to its end: the invocation's wall time (the
// service's share included, and without it), and what it sends.
import type { Contender, Nesting } from "./contenders";
import { execute, medianPair, trafficPairs, type Executions, type ExecutionFigures, type TrafficPairs } from "./execute";
import type { Pair } from "./measure";
import { BenchService } from "./service";

export interface FanOutRow extends TrafficPairs {
  items: number;
  nesting: Nesting;
  /** Median wall time of the execution, the service's share included. */
  ms: Pair;
  /** The same less the time spent inside the service. */
  sdkMs: Pair;
}

/** One execution of the map with one library. */
export async function fanOutExecution(contender: Contender, n: number, maxConcurrency: number, nesting: Nesting): Promise<ExecutionFigures> {
  const service = new BenchService({ n, maxConcurrency });
  const figure = await execute(service, contender.fanOut(service.client, nesting));
  if (figure.result !== String(n)) throw new Error(`${contender.name}: the ${nesting} map of ${n} items returned ${figure.result}`);
  return figure;
}

export function fanOutRow(n: number, nesting: Nesting, executions: Executions): FanOutRow {
  return {
    items: n,
    nesting,
    ms: medianPair(executions, (figure) => figure.wallMs),
    sdkMs: medianPair(executions, (figure) => figure.wallMs - figure.serviceMs),
    ...trafficPairs(executions),
  };
}
