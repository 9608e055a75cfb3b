import type { Workflow } from "../../dsl/workflow";
import type { Op } from "../../dsl/op";
import type { CallbacksOf, ResultNamed, StepsOf, WaitsOf } from "../../dsl/op-meta";
import type { StepContext } from "../../dsl/context";
import { toSeconds, type Duration } from "../../dsl/duration";
import type { StepMock } from "../../interpreter/run";
import type { ErrorObject, Operation } from "../../interpreter/wire";
import { RealClock, SkippingClock } from "./clock";
import type { HistoryEvent } from "./events";
import type { InvocationRecord, LocalExecution } from "./execution";
import { LocalService, type LocalFunction } from "./service";
import type { ObservabilityOptions } from "../plugins/options";

/**
 * What a test does with a callback when it starts; `T` is the callback's result type.
 * @example
 * callbacks: { approval: async (callback) => { callback.heartbeat(); callback.succeed({ approved: true }); } }
 */
export interface CallbackControl<T = unknown> {
  readonly name: string | undefined;
  readonly callbackId: string;
  succeed(value: T): void;
  fail(error: { errorType?: string; message?: string; data?: string }): void;
  heartbeat(): void;
}

/**
 * How a test answers a callback: with a result, a failure (each `after` a delay, at once by default), or a
 * function that gets the callback's controls.
 * @example
 * const answers = { approval: { succeed: { approved: true }, after: { minutes: 5 } }, review: { fail: { message: "no" } } };
 */
export type CallbackAnswer<T = unknown> =
  | { readonly succeed: T; readonly after?: Duration }
  | { readonly fail: { errorType?: string; message?: string; data?: string }; readonly after?: Duration }
  | ((callback: CallbackControl<T>) => void | Promise<void>);

/**
 * Step functions by step name, each returning its step's result type: the names and types come from the
 * workflow's `yield*`s (a step inside an `all`/`race` is not seen, and then any name is accepted). A name that
 * Object.prototype also has ("constructor", "toString", ...) takes any value: the checker compares an object
 * literal's inherited member with it.
 * @example
 * await runLocal(order, input, { mocks: { charge: () => ({ chargeId: "test" }), "reserve-tea": async () => true } });
 */
export type StepMocks<Y> =
  & { readonly [N in Exclude<StepsOf<Y>["name"], keyof Object>]?: (ctx: StepContext) => ResultNamed<StepsOf<Y>, N> | Promise<ResultNamed<StepsOf<Y>, N>> }
  & { readonly [N in Extract<StepsOf<Y>["name"], keyof Object>]?: unknown };

/**
 * Answers by callback name (createCallback / waitForCallback), each of its callback's result type.
 * @example
 * await runLocal(order, input, { callbacks: { approval: { succeed: { approved: false }, after: { hours: 2 } } } });
 */
export type CallbackAnswers<Y> =
  & { readonly [N in Exclude<CallbacksOf<Y>["name"], keyof Object>]?: CallbackAnswer<ResultNamed<CallbacksOf<Y>, N>> }
  & { readonly [N in Extract<CallbacksOf<Y>["name"], keyof Object>]?: unknown };

/**
 * Early ends by wait name.
 * @example
 * await runLocal(order, input, { skipTime: false, waits: { "cool-off": { after: 1 } } });
 */
export type WaitEnds<Y> =
  & { readonly [N in Exclude<WaitsOf<Y>["name"], keyof Object>]?: { readonly after?: Duration } }
  & { readonly [N in Extract<WaitsOf<Y>["name"], keyof Object>]?: unknown };

/**
 * The options of runLocal; `Y` is what the workflow yields, so that `mocks`, `callbacks` and `waits` are checked
 * against its steps', callbacks' and waits' names and types.
 * @example
 * await runLocal(orderWorkflow, order, { callbacks: { approval: { succeed: { approved: true } } }, mocks: { charge: () => ({ chargeId: "test" }) } });
 */
export interface RunLocalOptions<Y = Op<unknown>> extends ObservabilityOptions {
  /** Functions the workflow invokes, by name: workflows (durable) or Lambda handlers. */
  functions?: Record<string, Workflow<never, unknown> | LocalFunction>;
  /** Skip time (default): waits, retry delays and timeouts complete at once, in order. */
  skipTime?: boolean;
  /**
   * Step functions to run instead of the workflow's own, by step name: unit tests of a workflow without the
   * services its steps call. A mock gets the step's context and returns (or resolves to) the step's result.
   */
  mocks?: StepMocks<Y>;
  /**
   * Waits to end early, by name: each ends `after` its start (at once by default) instead of at its own time. For
   * runs in real time (`skipTime: false`), where a test wants one long wait over without skipping all the others.
   */
  waits?: WaitEnds<Y>;
  /** How to answer callbacks, by the name of the createCallback / waitForCallback that started them. */
  callbacks?: CallbackAnswers<Y>;
  /**
   * How long the execution may run, in the service's time, before it ends TIMED_OUT (status "TIMED_OUT", error
   * Execution.Timeout). A year by default (AWS's largest ExecutionTimeout), so that a workflow's own timeouts and
   * long waits play out with time skipped; set it to what your function's DurableConfig.ExecutionTimeout says to
   * test that limit.
   */
  executionTimeoutSeconds?: number;
  /** Where the workflow's log lines go (ctx.logger, step loggers); nowhere by default. */
  log?: (line: string) => void;
}

/** AWS's largest DurableConfig.ExecutionTimeout: one year. */
const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 366 * 86_400;

/**
 * What runLocal reports: the outcome, and everything the service recorded on the way.
 * @example
 * const run = await runLocal(order, input);
 * if (run.status === "FAILED") console.log(run.error?.ErrorType, run.events.length, run.invocations.length);
 */
export interface LocalRunResult<O> {
  readonly status: LocalExecution["status"];
  readonly result: O | undefined;
  readonly error: ErrorObject | undefined;
  readonly executionArn: string;
  readonly operations: readonly Operation[];
  readonly events: readonly HistoryEvent[];
  readonly invocations: readonly InvocationRecord[];
}

/**
 * Runs a workflow to its end on an embedded local service (time skipped unless `skipTime: false`) and reports
 * what happened: status, result, error, the operations, the history events and the invocations. No AWS, no network.
 * The execution times out after `executionTimeoutSeconds` of service time (a year by default).
 * @example
 * const run = await runLocal(orderWorkflow, order, {
 *   mocks: { charge: () => ({ chargeId: "ch-test" }) },
 *   callbacks: { approval: { succeed: { approved: true }, after: { minutes: 5 } } },
 * });
 * assert.equal(run.status, "SUCCEEDED");
 */
export async function runLocal<I, O, Y extends Op<unknown>>(workflow: Workflow<I, O, Y>, input: I, options: RunLocalOptions<Y> = {}): Promise<LocalRunResult<O>> {
  const service = new LocalService({
    clock: options.skipTime === false ? new RealClock() : new SkippingClock(),
    executionTimeoutSeconds: options.executionTimeoutSeconds ?? DEFAULT_EXECUTION_TIMEOUT_SECONDS,
    log: options.log,
  });
  for (const [name, fn] of Object.entries(options.functions ?? {})) service.register(name, fn);
  // The types checked the names and results; at run time they are records by name.
  const mocks = options.mocks as Readonly<Record<string, StepMock>> | undefined;
  const { plugins, logger, logLevel, logReplay } = options;
  const observe = plugins === undefined && logger === undefined && logLevel === undefined && logReplay === undefined ? {} : { observe: { plugins, logger, logLevel, logReplay } };
  service.register(workflow.name, { kind: "workflow", workflow: workflow as Workflow<unknown, unknown>, ...(mocks === undefined ? {} : { stepMocks: mocks }), ...observe });
  const answers = (options.callbacks ?? {}) as Readonly<Record<string, CallbackAnswer>>;
  const waits = (options.waits ?? {}) as Readonly<Record<string, { readonly after?: Duration }>>;
  service.onEvent((execution, event) => {
    const wait = event.EventType === "WaitStarted" && event.Name !== undefined && Object.hasOwn(waits, event.Name) ? waits[event.Name] : undefined;
    if (wait !== undefined) {
      const after = wait.after === undefined ? 0 : toSeconds(wait.after, `the early end of wait "${event.Name}" after`);
      const operationId = event.Id!;
      service.clock.schedule(service.clock.now() + after * 1000, () => {
        if (execution.get(operationId)?.Status === "STARTED") service.completeWait(execution.executionArn, operationId);
      });
    }
    if (event.EventType !== "CallbackStarted") return;
    const operation = execution.get(event.Id!)!;
    const name = operation.Name ?? execution.get(operation.ParentId ?? "")?.Name;
    const answer = name === undefined || !Object.hasOwn(answers, name) ? undefined : answers[name];
    if (answer !== undefined) answerCallback(service, name, operation.CallbackDetails!.CallbackId!, answer);
  });
  const execution = service.start(workflow.name, input);
  // The real clock's timers do not hold the process open (a served service must be able to exit); a test that
  // awaits a run in real time must be, or Node ends it in the middle of a wait.
  const keepAlive = options.skipTime === false ? setInterval(() => {}, 60_000) : undefined;
  const done = await service.result(execution.executionArn).finally(() => clearInterval(keepAlive));
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
