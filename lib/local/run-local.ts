import type { Workflow } from "../../dsl/workflow";
import { toSeconds, type Duration } from "../../dsl/duration";
import type { StepMock } from "../../interpreter/run";
import type { ErrorObject, Operation } from "../../interpreter/wire";
import { RealClock, SkippingClock } from "./clock";
import type { HistoryEvent } from "./events";
import type { InvocationRecord, LocalExecution } from "./execution";
import { LocalService, type LocalFunction } from "./service";

/** What a test does with a callback when it starts. */
export interface CallbackControl {
  readonly name: string | undefined;
  readonly callbackId: string;
  succeed(value: unknown): void;
  fail(error: { errorType?: string; message?: string; data?: string }): void;
  heartbeat(): void;
}

export type CallbackAnswer =
  | { readonly succeed: unknown; readonly after?: Duration }
  | { readonly fail: { errorType?: string; message?: string; data?: string }; readonly after?: Duration }
  | ((callback: CallbackControl) => void | Promise<void>);

export interface RunLocalOptions {
  /** Functions the workflow invokes, by name: workflows (durable) or Lambda handlers. */
  functions?: Record<string, Workflow<never, unknown> | LocalFunction>;
  /** Skip time (default): waits, retry delays and timeouts complete at once, in order. */
  skipTime?: boolean;
  /**
   * Step functions to run instead of the workflow's own, by step name: unit tests of a workflow without the
   * services its steps call. A mock gets the step's context and returns (or resolves to) the step's result.
   */
  mocks?: Readonly<Record<string, StepMock>>;
  /** How to answer callbacks, by the name of the createCallback / waitForCallback that started them. */
  callbacks?: Record<string, CallbackAnswer>;
  executionTimeoutSeconds?: number;
  log?: (line: string) => void;
}

export interface LocalRunResult<O> {
  readonly status: LocalExecution["status"];
  readonly result: O | undefined;
  readonly error: ErrorObject | undefined;
  readonly executionArn: string;
  readonly operations: readonly Operation[];
  readonly events: readonly HistoryEvent[];
  readonly invocations: readonly InvocationRecord[];
}

/** Runs a workflow to its end on an embedded local service and reports what happened. */
export async function runLocal<I, O>(workflow: Workflow<I, O>, input: I, options: RunLocalOptions = {}): Promise<LocalRunResult<O>> {
  const service = new LocalService({
    clock: options.skipTime === false ? new RealClock() : new SkippingClock(),
    executionTimeoutSeconds: options.executionTimeoutSeconds,
    log: options.log,
  });
  for (const [name, fn] of Object.entries(options.functions ?? {})) service.register(name, fn);
  service.register(workflow.name, { kind: "workflow", workflow: workflow as Workflow<unknown, unknown>, ...(options.mocks === undefined ? {} : { stepMocks: options.mocks }) });
  const answers = options.callbacks ?? {};
  service.onEvent((execution, event) => {
    if (event.EventType !== "CallbackStarted") return;
    const operation = execution.get(event.Id!)!;
    const name = operation.Name ?? execution.get(operation.ParentId ?? "")?.Name;
    const answer = name === undefined ? undefined : answers[name];
    if (answer !== undefined) answerCallback(service, name, operation.CallbackDetails!.CallbackId!, answer);
  });
  const execution = service.start(workflow.name, input);
  const done = await service.result(execution.executionArn);
  return {
    status: done.status,
    result: done.result === undefined ? undefined : (JSON.parse(done.result) as O),
    error: done.error,
    executionArn: done.executionArn,
    operations: done.all(),
    events: done.history.events,
    invocations: done.invocations,
  };
}

function answerCallback(service: LocalService, name: string | undefined, callbackId: string, answer: CallbackAnswer): void {
  const control: CallbackControl = {
    name,
    callbackId,
    succeed: (value) => service.succeedCallback(callbackId, value === undefined ? undefined : JSON.stringify(value)),
    fail: (error) => service.failCallback(callbackId, { ErrorType: error.errorType ?? "Error", ErrorMessage: error.message ?? "failed", ...(error.data === undefined ? {} : { ErrorData: error.data }) }),
    heartbeat: () => service.heartbeatCallback(callbackId),
  };
  if (typeof answer === "function") {
    void service.track(Promise.resolve().then(() => answer(control)));
    return;
  }
  const act = () => ("succeed" in answer ? control.succeed(answer.succeed) : control.fail(answer.fail));
  const after = answer.after === undefined ? 0 : toSeconds(answer.after, `the answer to callback "${name}" after`);
  // Answered through the clock, so that with skipped time the answer still comes in order with the timers.
  service.clock.schedule(service.clock.now() + after * 1000, act);
}
