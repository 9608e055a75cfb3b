import fc from "fast-check";
import { child, createCallback, invoke as invokeOp, map, parallel, race, step, wait, waitForCallback, waitForCondition, waitStrategy, workflow } from "../../dsl/index";
import { HistorySnapshot, InvocationError, runWorkflow, type DurablePort, type Operation } from "../../interpreter/index";
import { InvalidEventError, parseInvocationEvent } from "../../lib/event";
import { SkippingClock } from "../../lib/local/clock";
import { LocalService } from "../../lib/local/service";

/** One of every operation kind, so a mutated history reaches every runner. */
export const everything = workflow("everything", function* () {
  const a = yield* step("a", () => "a");
  const b = yield* step("b", () => "b", { semantics: "at-most-once" });
  yield* wait("w", 5);
  const c = yield* child("c", function* () { return yield* step("inner", () => 1); });
  const handle = yield* createCallback<string>("cb");
  const d = yield* handle.result;
  const e = yield* waitForCallback<string>("wfc", () => {});
  const f = yield* invokeOp<string>("inv", "other-fn", { x: 1 });
  const g = yield* waitForCondition("cond", (state: number) => state + 1, { initialState: 0, wait: waitStrategy({ until: (state) => state >= 2, initialDelay: 1 }) });
  const h = yield* map("m", [1, 2], function* (item) { return yield* step("item", () => item); });
  const i = yield* parallel("p", [function* () { return yield* step("x", () => "x"); }]);
  const j = yield* race([step("r1", () => 1), wait("r2", 3)]);
  return { a, b, c, d, e, f, g, h: h.getResults(), i: i.getResults(), j };
});

/** The complete history of `everything`, recorded once on the local service. */
export async function recordedHistory(): Promise<Operation[]> {
  const service = new LocalService({ clock: new SkippingClock(0) });
  service.register("everything", everything);
  service.register("other-fn", { kind: "handler", durable: false, handler: () => "invoked" });
  service.onEvent((_execution, event) => {
    if (event.EventType === "CallbackStarted") {
      const callbackId = (event.CallbackStartedDetails as { CallbackId: string }).CallbackId;
      setImmediate(() => service.succeedCallback(callbackId, '"answered"'));
    }
  });
  const done = await service.result(service.start("everything", undefined).executionArn);
  if (done.status !== "SUCCEEDED") throw new Error(`the reference run of "everything" ended ${done.status}: ${JSON.stringify(done.error)}`);
  return JSON.parse(JSON.stringify(done.all())) as Operation[];
}

const anyValue = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant("{not json"), fc.constant('"ok"'), fc.constant("[]"), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }));
const detailKeys = ["StepDetails", "ContextDetails", "CallbackDetails", "WaitDetails", "ChainedInvokeDetails", "ExecutionDetails"] as const;
const fieldKeys = ["Result", "Error", "Attempt", "ReplayChildren", "CallbackId", "ScheduledEndTimestamp", "NextAttemptTimestamp", "InputPayload", "ErrorType", "ErrorMessage"] as const;

export type Mutation = { index: number; field: string; value: unknown } | { index: number; detail: string; key: string; value: unknown } | { index: number; drop: true } | { index: number; duplicate: true };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ index: fc.nat(40), field: fc.constantFrom("Type", "Status", "SubType", "Name", "ParentId", "Id"), value: fc.oneof(anyValue, fc.constantFrom("STEP", "WAIT", "CONTEXT", "CALLBACK", "CHAINED_INVOKE", "EXECUTION", "STARTED", "SUCCEEDED", "FAILED", "PENDING", "READY", "CANCELLED", "TIMED_OUT", "STOPPED", "Map", "Step", "RunInChildContext")) }),
  fc.record({ index: fc.nat(40), detail: fc.constantFrom(...detailKeys), key: fc.constantFrom(...fieldKeys), value: fc.oneof(anyValue, fc.record({ ErrorType: anyValue, ErrorMessage: anyValue })) }),
  fc.record({ index: fc.nat(40), drop: fc.constant(true as const) }),
  fc.record({ index: fc.nat(40), duplicate: fc.constant(true as const) }),
);

export function mutate(history: readonly Operation[], mutations: readonly Mutation[]): unknown[] {
  const operations: Record<string, unknown>[] = history.map((operation) => structuredClone(operation) as unknown as Record<string, unknown>);
  for (const change of mutations) {
    if (operations.length === 0) break;
    const index = change.index % operations.length;
    const target = operations[index]!;
    if ("drop" in change) operations.splice(index, 1);
    else if ("duplicate" in change) operations.push(structuredClone(target));
    else if ("field" in change) target[change.field] = change.value;
    else target[change.detail] = { ...(target[change.detail] as object | undefined), [change.key]: change.value };
  }
  return operations;
}

/** What the handler's path may throw on a bad history: these, and nothing else (a TypeError would be a bug). */
export function documented(error: unknown): boolean {
  return error instanceof InvalidEventError || error instanceof InvocationError;
}


export interface MalformedVerdict {
  readonly kind: "outcome" | "rejected" | "undocumented" | "hung";
  readonly error?: unknown;
}

const port: DurablePort = { checkpoint: async (token) => ({ CheckpointToken: `${token}+` }), getState: async () => ({ Operations: [] }) };

/** Runs `everything` on a mutated history the way the handler does: the event is checked, then interpreted. */
export async function runMalformed(history: readonly Operation[], mutations: readonly Mutation[]): Promise<MalformedVerdict> {
  const event = JSON.parse(JSON.stringify({ DurableExecutionArn: "arn:x", CheckpointToken: "t", InitialExecutionState: { Operations: mutate(history, mutations) } })) as unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const invocation = parseInvocationEvent(event);
    const run = runWorkflow(everything, undefined, { executionArn: "arn:x", checkpointToken: "t", snapshot: HistorySnapshot.of(invocation.InitialExecutionState.Operations ?? []), port, log: () => {} });
    const outcome = await Promise.race([run, new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), 2000)))]);
    return { kind: outcome === "hung" ? "hung" : "outcome" };
  } catch (error) {
    return { kind: documented(error) ? "rejected" : "undocumented", error };
  } finally {
    clearTimeout(timer);
  }
}
