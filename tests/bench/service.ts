// The zero-latency in-memory service both libraries run against: one LocalExecution behind a LambdaClient-like
// object whose `send` answers CheckpointDurableExecution and GetDurableExecutionState in the same process. Both
// libraries build their commands with client-lambda and hand them to `send`, so the same code counts their calls,
// updates and bytes, and times the service's own work (which the figures subtract where they say "SDK time").
// The "minimal" service only hands out the next token: it keeps no state, so it serves nothing but an execution
// that ends in its first invocation, and it isolates the library's own cost from the emulator's (whose garbage,
// the history's events and the updated operations, is collected on the library's time too).
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { DurableInvocationEvent, Operation, OperationUpdate } from "../../interpreter/wire";
import { LocalExecution } from "../../lib/local/execution";

export interface Traffic {
  /** CheckpointDurableExecution calls. */
  calls: number;
  updates: number;
  /** The JSON body of the checkpoint requests (what client-lambda sends, the ARN being in the path). */
  bytes: number;
  /** GetDurableExecutionState calls. */
  pages: number;
}

/** What a Lambda handler is called with besides the event; the official SDK reads these fields. */
export const lambdaContext = {
  functionName: "bench",
  functionVersion: "$LATEST",
  awsRequestId: "00000000-0000-4000-8000-000000000000",
  getRemainingTimeInMillis: () => 900_000,
};

export type Handler = (event: unknown, context: typeof lambdaContext) => Promise<{ Status: string; Result?: string; Error?: unknown }>;

type CommandInput = {
  DurableExecutionArn: string;
  CheckpointToken: string;
  ClientToken?: string;
  Updates?: OperationUpdate[];
  Marker?: string;
  MaxItems?: number;
};

let executions = 0;

export class BenchService {
  readonly execution: LocalExecution;
  readonly traffic: Traffic = { calls: 0, updates: 0, bytes: 0, pages: 0 };
  /**
   * Milliseconds spent inside the service (applying updates, copying responses). Its work is synchronous, so this
   * is CPU time too; reading the process's CPU time instead costs a system call of some microseconds, half of
   * which would land outside the measured span, on the library's side, on every call.
   */
  serviceMs = 0;
  /** A client for either library: only `send` is used. */
  readonly client: LambdaClient;

  constructor(input: unknown, private readonly minimal = false) {
    this.execution = new LocalExecution(`arn:aws:lambda:us-east-1:000000000000:function:bench:$LATEST/durable-execution/bench-${++executions}/x`, input);
    this.client = { send: (command: { input: CommandInput }) => this.send(command.input) } as unknown as LambdaClient;
  }

  /** The event Lambda would hand the function now, as JSON text (the whole history in it, or paged). */
  eventJson(pageSize = Number.POSITIVE_INFINITY): string {
    return JSON.stringify(this.execution.event(pageSize));
  }

  /** Completes every started WAIT, as the service does when their timers fire. */
  fireWaits(): number {
    const waits = this.execution.pending().filter((operation) => operation.Type === "WAIT");
    for (const wait of waits) this.execution.completeWaitById(wait.Id);
    return waits.length;
  }

  private async send(input: CommandInput): Promise<unknown> {
    const started = performance.now();
    try {
      if (input.Updates !== undefined) {
        const { DurableExecutionArn: _inPath, ...body } = input;
        this.traffic.calls++;
        this.traffic.updates += input.Updates.length;
        this.traffic.bytes += Buffer.byteLength(JSON.stringify(body));
        if (this.minimal) return { CheckpointToken: `minimal.${this.traffic.calls}`, NewExecutionState: { Operations: [] } };
        const response = this.execution.checkpoint(input.CheckpointToken, input.Updates);
        // client-lambda hands back fresh objects; the service's own are frozen and must not be shared.
        return structuredClone({ CheckpointToken: response.CheckpointToken, NewExecutionState: response.NewExecutionState });
      }
      this.traffic.pages++;
      if (this.minimal) throw new Error("the minimal service keeps no state to page through");
      return structuredClone(this.execution.page(input.CheckpointToken, input.Marker, input.MaxItems ?? 1000));
    } finally {
      this.serviceMs += performance.now() - started;
    }
  }
}

/** A recorded history's event, parsed as Lambda parses it for every invocation. */
export function parseEvent(json: string): DurableInvocationEvent & { InitialExecutionState: { Operations: Operation[] } } {
  return JSON.parse(json);
}
