import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type Span, type SpanContext, type Tracer, type TracerProvider } from "@opentelemetry/api";
import type { AttemptEndInfo, AttemptInfo, InvocationEndInfo, InvocationInfo, OperationInfo, Plugin, PluginProvider } from "../../interpreter/plugins-api";

/**
 * How the OpenTelemetry plugin finds its tracer and parents invocations.
 * @example
 * openTelemetryPlugin({ tracerProvider: provider, traceParent: "incoming" });
 */
export interface OpenTelemetryPluginOptions {
  /** Where the tracer comes from; the globally registered provider by default (what the ADOT layer sets up). */
  readonly tracerProvider?: TracerProvider;
  /**
   * The parent of each invocation's span. "execution" (default): a span context derived from the execution ARN,
   * the same in every invocation, so an execution that runs over many invocations and days is one trace; the span
   * active when the handler is called (the Lambda invocation's, the caller's) is added as a link. "incoming": the
   * active span, so each invocation joins the trace it was called in (and an execution spans several traces).
   */
  readonly traceParent?: "execution" | "incoming";
}

/**
 * The span context every invocation of the execution `executionArn` descends from (never emitted itself).
 * @example
 * const { traceId } = executionSpanContext(run.executionArn); // search your tracing backend for this trace
 */
export function executionSpanContext(executionArn: string): SpanContext {
  const digest = createHash("sha256").update(executionArn).digest("hex");
  return { traceId: digest.slice(0, 32), spanId: digest.slice(32, 48), traceFlags: TraceFlags.SAMPLED, isRemote: true };
}

const TRACER_NAME = "durable-gen";

interface OpenSpan {
  readonly span: Span;
  /** The context in which the span is current: its children's parent. */
  readonly context: Context;
}

interface InvocationSpans extends OpenSpan {
  readonly executionArn: string;
  /** Context operations' spans, by operation id: the parents of what runs inside them. */
  readonly contexts: Map<string, OpenSpan>;
  /** Attempts' spans, by operation id and attempt. */
  readonly attempts: Map<string, OpenSpan>;
}

/**
 * Traces executions: a span per invocation (child of the execution's derived span context), a span per run of
 * user code (a step attempt, a condition check, a child context's or map item's or branch's body), a span per
 * map/parallel/waitForCallback context for the invocation's part of it, and a span per wait, callback and chained
 * invoke when it ends, over its recorded start and end. Each is named by its operation and carries
 * durable.execution.arn, durable.operation.id/name/type/subtype/attempt and durable.replay; failures are recorded
 * with an ERROR status. Finished operations the workflow replays fire no hooks, so they make no new span.
 * Spans are parented by the operation's ParentId (the context it runs in) and made current while user code runs,
 * so spans the user's code makes nest under them.
 * @example
 * import { openTelemetryPlugin } from "durable-gen/opentelemetry";
 * export const handler = durableHandler(order, { plugins: [openTelemetryPlugin()] });
 */
export function openTelemetryPlugin(options: OpenTelemetryPluginOptions = {}): Plugin {
  let tracer: Tracer | undefined;
  const tracerOf = () => (tracer ??= (options.tracerProvider ?? trace.getTracerProvider()).getTracer(TRACER_NAME));
  // One plugin may serve several executions at once (the local service runs them in one process): each invocation's
  // spans live in its own state, found through the async context of its run (and by ARN once the run is over).
  const storage = new AsyncLocalStorage<InvocationSpans>();
  const byExecution = new Map<string, InvocationSpans>();
  const current = () => storage.getStore();
  const attributes = (info: OperationInfo, executionArn: string): Attributes => {
    const result: Attributes = { "durable.execution.arn": executionArn, "durable.operation.id": info.id, "durable.operation.type": info.type, "durable.replay": info.isReplay };
    if (info.name !== undefined) result["durable.operation.name"] = info.name;
    if (info.subType !== undefined) result["durable.operation.subtype"] = info.subType;
    if (info.attempt !== undefined) result["durable.operation.attempt"] = info.attempt;
    return result;
  };
  const parentOf = (state: InvocationSpans, info: OperationInfo): Context => (info.parentId === undefined ? undefined : state.contexts.get(info.parentId)?.context) ?? state.context;
  const spanName = (info: OperationInfo) => info.name ?? `${info.subType ?? info.type} ${info.id}`;
  const start = (state: InvocationSpans, info: OperationInfo, startTime?: Date): OpenSpan => {
    const parent = parentOf(state, info);
    const span = tracerOf().startSpan(spanName(info), { kind: SpanKind.INTERNAL, attributes: attributes(info, state.executionArn), ...(startTime === undefined ? {} : { startTime }) }, parent);
    return { span, context: trace.setSpan(parent, span) };
  };
  const contextSpan = (state: InvocationSpans, info: OperationInfo) => {
    if (!state.contexts.has(info.id)) state.contexts.set(info.id, start(state, info));
  };
  const failed = (span: Span, error: Error | undefined, message: string) => {
    if (error !== undefined) span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message ?? message });
  };

  return {
    name: "opentelemetry",
    wrapInvocation(info: InvocationInfo, run: () => Promise<unknown>) {
      const active = context.active();
      const incoming = trace.getSpanContext(active);
      const parent = options.traceParent === "incoming" ? active : trace.setSpanContext(ROOT_CONTEXT, executionSpanContext(info.executionArn));
      const span = tracerOf().startSpan("invocation", {
        kind: SpanKind.INTERNAL,
        attributes: { "durable.execution.arn": info.executionArn, "durable.invocation.first": info.isFirstInvocation, "faas.invocation_id": info.requestId },
        ...(options.traceParent !== "incoming" && incoming !== undefined && trace.isSpanContextValid(incoming) ? { links: [{ context: incoming }] } : {}),
      }, parent);
      const state: InvocationSpans = { span, context: trace.setSpan(parent, span), executionArn: info.executionArn, contexts: new Map(), attempts: new Map() };
      byExecution.set(info.executionArn, state);
      return storage.run(state, () => context.with(state.context, run));
    },
    onOperationStart(info) {
      const state = current();
      if (state !== undefined && info.type === "CONTEXT") contextSpan(state, info);
    },
    onOperationAttemptStart(info: AttemptInfo) {
      const state = current();
      if (state === undefined) return;
      if (info.type === "CONTEXT") contextSpan(state, info);
      else state.attempts.set(`${info.id}#${info.attempt}`, start(state, info));
    },
    wrapOperationAttemptFn(info: AttemptInfo, run: () => unknown) {
      const open = current()?.attempts.get(`${info.id}#${info.attempt}`);
      return open === undefined ? run() : context.with(open.context, run);
    },
    wrapChildContextFn(info: AttemptInfo, run: () => unknown) {
      const open = current()?.contexts.get(info.id);
      return open === undefined ? run() : context.with(open.context, run);
    },
    onOperationAttemptEnd(info: AttemptEndInfo) {
      const state = current();
      if (state === undefined || info.type === "CONTEXT") return;
      const key = `${info.id}#${info.attempt}`;
      const open = state.attempts.get(key);
      if (open === undefined) return;
      state.attempts.delete(key);
      if (info.outcome === "FAILED") failed(open.span, info.error, "the attempt failed");
      open.span.end(info.endTimestamp);
    },
    onOperationEnd(info) {
      const state = current();
      if (state === undefined) return;
      if (info.type === "CONTEXT") {
        const open = state.contexts.get(info.id);
        if (open === undefined) return;
        state.contexts.delete(info.id);
        if (info.status !== "SUCCEEDED") failed(open.span, info.error, `the context ended ${info.status}`);
        open.span.end(info.endTimestamp);
        return;
      }
      if (info.type === "STEP") return;
      // A wait, callback or invoke: one span over its recorded time, emitted by the invocation that sees it end.
      const { span } = start(state, info, info.startTimestamp);
      if (info.status !== "SUCCEEDED") failed(span, info.error, `the operation ended ${info.status}`);
      span.end(info.endTimestamp);
    },
    onInvocationEnd(info: InvocationEndInfo) {
      const state = byExecution.get(info.executionArn);
      if (state === undefined) return;
      byExecution.delete(info.executionArn);
      for (const open of [...state.attempts.values(), ...state.contexts.values()]) {
        open.span.setAttribute("durable.suspended", true);
        open.span.end();
      }
      state.span.setAttribute("durable.invocation.status", info.status);
      if (info.status === "FAILED" || info.status === "RETRYING") failed(state.span, info.executionError, `the invocation ended ${info.status}`);
      state.span.end();
    },
  };
}

/**
 * For DURABLE_EXECUTION_PLUGINS=durable-gen/opentelemetry: the plugin with its defaults.
 * @example
 * // Lambda configuration: DURABLE_EXECUTION_PLUGINS=durable-gen/opentelemetry (no code change)
 * const plugin = durableExecutionPluginProvider.createPlugin();
 */
export const durableExecutionPluginProvider: PluginProvider = Object.freeze({ pluginApiVersion: 1, createPlugin: () => openTelemetryPlugin() });
