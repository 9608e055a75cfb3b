import type { Logger } from "../dsl/context";
import type { Workflow } from "../dsl/workflow";
import { createLogger } from "./logger";
import { PluginDispatch } from "./plugins";
import type { InvocationEndInfo, InvocationInfo, InvocationStatus, Plugin } from "./plugins-api";
import { defineLazy, errorFrom, operationRecord, toDate } from "./plugins-info";
import { PluginHost } from "./plugins-host";
import type { LoggerFactory } from "./port";
import { Run, type RunOptions, type RunResult } from "./run";

/** What an invocation with plugins needs besides the run's own options. */
export interface PluginSetup {
  readonly plugins: readonly Plugin[];
  /** Lambda's request id (context.awsRequestId). */
  readonly requestId?: string;
  /** The event's UpdatedOperationIds: operations changed from outside since the last invocation. */
  readonly updatedOperationIds?: readonly string[];
  /**
   * Errors the caller turns into a FAILED execution rather than rethrowing them for Lambda to retry (a checkpoint
   * the service rejected as invalid): onInvocationEnd then says FAILED instead of RETRYING.
   */
  readonly failsExecution?: (error: unknown) => boolean;
}

/**
 * One invocation with plugins: onInvocationStart (awaited), the run inside the plugins' invocation wrappers, every
 * hook promise the run left (awaited), then onInvocationEnd (awaited) with the outcome. The outcome, or the
 * invocation's error, is the run's own whatever the plugins do.
 */
export async function runWithPlugins<I, O>(workflow: Workflow<I, O>, input: I, options: RunOptions, setup: PluginSetup): Promise<RunResult> {
  const factory: LoggerFactory = options.logger ?? ((fields, isSilent) => createLogger(options.log ?? ((line) => console.log(line)), fields, isSilent));
  const reporter = factory({ executionArn: options.executionArn }, () => false);
  const dispatch = new PluginDispatch(setup.plugins, (message, data) => reporter.error(message, data));
  const host = new PluginHost(dispatch, options.executionArn, options.snapshot, setup.updatedOperationIds ?? []);
  const runOptions: RunOptions = dispatch.has("enrichLogContext") ? { ...options, logger: enrichedFactory(factory, dispatch) } : options;

  const start = invocationInfo(options, input, setup, host);
  await dispatch.call("onInvocationStart", start);
  let result: RunResult | undefined;
  let failure: { error: unknown } | undefined;
  try {
    // Plugins with invocation hooks only (log enrichment, a flush at the end) cost nothing per operation.
    const observed = OPERATION_HOOKS.some((hook) => dispatch.has(hook)) ? host : undefined;
    result = await dispatch.wrap("wrapInvocation", start, () => new Run(runOptions, observed).execute(workflow, input));
  } catch (error) {
    failure = { error };
  }
  await dispatch.settled();
  await dispatch.call("onInvocationEnd", endInfo(start, result, failure, setup));
  await dispatch.settled();
  if (failure !== undefined) throw failure.error;
  return result!;
}

const OPERATION_HOOKS = ["onOperationStart", "onOperationEnd", "onOperationAttemptStart", "onOperationAttemptEnd", "wrapOperationAttemptFn", "wrapChildContextFn", "onOperationChange"] as const;

function invocationInfo(options: RunOptions, input: unknown, setup: PluginSetup, host: PluginHost): InvocationInfo {
  const snapshot = options.snapshot;
  const info = {
    requestId: setup.requestId ?? "",
    executionArn: options.executionArn,
    executionInput: input,
    isFirstInvocation: snapshot.recordedWorkflowOperations === 0,
  } as { -readonly [K in keyof InvocationInfo]: InvocationInfo[K] };
  const started = toDate(snapshot.execution()?.StartTimestamp);
  if (started !== undefined) info.executionStartTimestamp = started;
  defineLazy(info, "operations", () => host.operations());
  const updatedIds = setup.updatedOperationIds ?? [];
  defineLazy(info, "updatedOperations", () => {
    const updated = [];
    for (const id of updatedIds) {
      const operation = snapshot.get(id);
      if (operation !== undefined) updated.push(operation);
    }
    return operationRecord(updated, () => true);
  });
  return info;
}

function endInfo(start: InvocationInfo, result: RunResult | undefined, failure: { error: unknown } | undefined, setup: PluginSetup): InvocationEndInfo {
  const base = { requestId: start.requestId, executionArn: start.executionArn, executionInput: start.executionInput, isFirstInvocation: start.isFirstInvocation } as { -readonly [K in keyof InvocationEndInfo]: InvocationEndInfo[K] };
  if (start.executionStartTimestamp !== undefined) base.executionStartTimestamp = start.executionStartTimestamp;
  defineLazy(base, "operations", () => start.operations);
  let status: InvocationStatus;
  if (failure !== undefined) {
    status = setup.failsExecution?.(failure.error) === true ? "FAILED" : "RETRYING";
    base.executionError = failure.error instanceof Error ? failure.error : new Error(String(failure.error));
  } else {
    const outcome = result!.outcome;
    status = outcome.status;
    if (outcome.status === "FAILED") base.executionError = errorFrom(outcome.error);
    if (outcome.status === "SUCCEEDED" && outcome.result !== undefined && outcome.result !== "") base.executionResult = JSON.parse(outcome.result);
  }
  base.status = status;
  return base;
}

/** Loggers whose records carry what the plugins' enrichLogContext adds, asked for each record. */
function enrichedFactory(factory: LoggerFactory, dispatch: PluginDispatch): LoggerFactory {
  return (fields, isSilent) => {
    const plain = factory(fields, isSilent);
    const level = (name: keyof Logger) => (message: string, data?: unknown) => {
      const added = dispatch.enrich();
      const logger = added === undefined ? plain : factory({ ...fields, ...added }, isSilent);
      logger[name](message, data);
    };
    return Object.freeze({ debug: level("debug"), info: level("info"), warn: level("warn"), error: level("error") });
  };
}
