// Runs one execution to its end the way the service does: invoke, and while the invocation answers PENDING, fire
// the waits it started and invoke again. Times every invocation (wall and CPU) and the service's share of it.
import { median, pairOf, type Library, type Pair } from "./measure";
import { BenchService, lambdaContext, parseEvent, type Handler, type Traffic } from "./service";

export interface ExecutionFigures {
  result: string | undefined;
  invocations: number;
  /** Wall time of the invocations, the service's share included. */
  wallMs: number;
  /** CPU time (user + system) of the invocations, the service's share included. */
  cpuMs: number;
  /** Time spent inside the in-memory service (synchronous work: wall time is its CPU time). */
  serviceMs: number;
  traffic: Traffic;
}

const MAX_INVOCATIONS = 10_000;

export async function execute(service: BenchService, handler: Handler): Promise<ExecutionFigures> {
  let wallMs = 0;
  let cpuMicros = 0;
  for (let invocations = 1; invocations <= MAX_INVOCATIONS; invocations++) {
    // Lambda parses the event before the handler runs: not part of the figures.
    const event = parseEvent(service.eventJson());
    const cpu = process.cpuUsage();
    const started = performance.now();
    const output = await handler(event, lambdaContext);
    wallMs += performance.now() - started;
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    if (output.Status === "SUCCEEDED") {
      return { result: output.Result, invocations, wallMs, cpuMs: cpuMicros / 1000, serviceMs: service.serviceMs, traffic: { ...service.traffic } };
    }
    if (output.Status !== "PENDING") throw new Error(`the execution ended ${output.Status}: ${JSON.stringify(output.Error)}`);
    if (service.fireWaits() === 0) throw new Error(`invocation ${invocations} answered PENDING with no wait started`);
  }
  throw new Error(`the execution did not end within ${MAX_INVOCATIONS} invocations`);
}

/** Every execution of one scenario, by library. */
export type Executions = Record<Library, ExecutionFigures[]>;

/** One figure per library: the median over its executions. */
export function medianPair(executions: Executions, pick: (figure: ExecutionFigures) => number): Pair {
  return pairOf((library) => median(executions[library].map(pick)));
}

export interface TrafficPairs {
  calls: Pair;
  updates: Pair;
  bytes: Pair;
}

export function trafficPairs(executions: Executions): TrafficPairs {
  return {
    calls: medianPair(executions, (figure) => figure.traffic.calls),
    updates: medianPair(executions, (figure) => figure.traffic.updates),
    bytes: medianPair(executions, (figure) => figure.traffic.bytes),
  };
}
