import type { Logger } from "../dsl/context";
import type { Workflow } from "../dsl/workflow";
import { createLogger } from "./logger";
import { PluginDispatch } from "./plugins";
import type { InvocationEndInfo, InvocationInfo, InvocationStatus, OperationInfo, PluginSetup } from "./plugins-api";
import { errorFrom, LazyOperations, operationRecord, toDate } from "./plugins-info";
import { PluginHost } from "./plugins-host";
import type { LoggerFactory } from "./port";
import type { HistorySnapshot } from "./snapshot";
import { Run } from "./run";
import type { RunOptions, RunResult } from "./run-result";

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

function invocationInfo(options: RunOptions, input: unknown, setup: PluginSetup, host: PluginHost): InvocationStart {
  const snapshot = options.snapshot;
  const updatedIds = setup.updatedOperationIds ?? [];
  const updated = new LazyOperations(() => {
    const operations = [];
    for (const id of updatedIds) {
      const operation = snapshot.get(id);
      if (operation !== undefined) operations.push(operation);
    }
    return operationRecord(operations, () => true);
  });
  return new InvocationStart(setup.requestId ?? "", options.executionArn, input, onlyTheExecution(snapshot), toDate(snapshot.execution()?.StartTimestamp), new LazyOperations(() => host.operations()), updated);
}

/** Whether the history holds nothing but the EXECUTION (stops at the first other operation, not counting them all). */
function onlyTheExecution(snapshot: HistorySnapshot): boolean {
  for (const operation of snapshot.recordedOperations()) if (operation.Type !== "EXECUTION") return false;
  return true;
}

/** The info of both invocation hooks; `operations` (and `updatedOperations`) are made when first read. */
class InvocationBase {
  readonly executionStartTimestamp?: Date;
  readonly #operations: LazyOperations;

  constructor(readonly requestId: string, readonly executionArn: string, readonly executionInput: unknown, readonly isFirstInvocation: boolean, started: Date | undefined, operations: LazyOperations) {
    if (started !== undefined) this.executionStartTimestamp = started;
    this.#operations = operations;
  }

  get operations(): Record<string, OperationInfo> {
    return this.#operations.value;
  }

  /** The lazily made operations, for the end info to share. */
  protected get lazyOperations(): LazyOperations {
    return this.#operations;
  }
}

class InvocationStart extends InvocationBase implements InvocationInfo {
  readonly #updated: LazyOperations;

  constructor(requestId: string, executionArn: string, executionInput: unknown, isFirstInvocation: boolean, started: Date | undefined, operations: LazyOperations, updated: LazyOperations) {
    super(requestId, executionArn, executionInput, isFirstInvocation, started, operations);
    this.#updated = updated;
  }

  get updatedOperations(): Record<string, OperationInfo> {
    return this.#updated.value;
  }

  end(status: InvocationStatus, result: unknown, error: Error | undefined): InvocationEndInfo {
    return new InvocationFinish(this.requestId, this.executionArn, this.executionInput, this.isFirstInvocation, this.executionStartTimestamp, this.lazyOperations, status, result, error);
  }
}

class InvocationFinish extends InvocationBase implements InvocationEndInfo {
  readonly executionResult?: unknown;
  readonly executionError?: Error;

  constructor(requestId: string, executionArn: string, executionInput: unknown, isFirstInvocation: boolean, started: Date | undefined, operations: LazyOperations, readonly status: InvocationStatus, result: unknown, error: Error | undefined) {
    super(requestId, executionArn, executionInput, isFirstInvocation, started, operations);
    if (result !== undefined) this.executionResult = result;
    if (error !== undefined) this.executionError = error;
  }
}

function endInfo(start: InvocationStart, result: RunResult | undefined, failure: { error: unknown } | undefined, setup: PluginSetup): InvocationEndInfo {
  if (failure !== undefined) {
    const error = failure.error instanceof Error ? failure.error : new Error(String(failure.error));
    return start.end(setup.failsExecution?.(failure.error) === true ? "FAILED" : "RETRYING", undefined, error);
  }
  const outcome = result!.outcome;
  if (outcome.status === "FAILED") return start.end("FAILED", undefined, errorFrom(outcome.error));
  if (outcome.status === "SUCCEEDED" && outcome.result !== undefined && outcome.result !== "") return start.end("SUCCEEDED", JSON.parse(outcome.result), undefined);
  return start.end(outcome.status, undefined, undefined);
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
