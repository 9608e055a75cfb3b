import type { Divergence } from "../../dsl/errors";
import type { Workflow } from "../../dsl/workflow";
import { HistorySnapshot, InvocationError, runWorkflow } from "../../interpreter/index";
import type { DurablePort } from "../../interpreter/port";
import type { Frontier } from "../../interpreter/replay-probe";
import type { ErrorObject, OperationStatus } from "../../interpreter/wire";
import { loadHistory, readHistory, type RecordedHistory } from "./history";
import { HistoryFormatError } from "./history-format-error";
import { completedContexts, type CompletedContext } from "./not-reentered";

export type { Frontier } from "../../interpreter/replay-probe";
export type { CompletedContext } from "./not-reentered";

/**
 * How to replay.
 * @example
 * await replay(orderWorkflow, "histories/order-1.json", { input: { id: "o-1", lines: [] } });
 */
export interface ReplayOptions<I> {
  /** The execution's input; by default the one the history recorded. */
  readonly input?: I;
}

/**
 * What replaying a recorded history with the current code showed.
 * @example
 * const report = await replay(orderWorkflow, "histories/order-1.json");
 * if (!report.replays) console.log(report.divergence?.path, report.divergence?.hint);
 */
export interface ReplayReport<O> {
  /** True when the code replays the history: no non-determinism, and every recorded result it needed was readable. */
  readonly replays: boolean;
  /** Where the replay ended: the workflow returned, threw, or reached work the history does not have (PENDING). */
  readonly status: "SUCCEEDED" | "FAILED" | "PENDING";
  readonly result?: O;
  readonly error?: ErrorObject;
  /** Operations whose recorded outcome the code received from the history. */
  readonly replayed: number;
  /** Operations the history records (the EXECUTION itself not counted). */
  readonly recorded: number;
  /**
   * When the code replays: the completed contexts it took from their records without re-entering them, as AWS
   * does; the operations inside them are recorded but not replayed.
   */
  readonly notReentered: readonly CompletedContext[];
  /** The first operation the code would start next, or the recorded one still in progress it stopped at. */
  readonly next?: Frontier;
  /** Where the code parts ways with the history. */
  readonly divergence?: Divergence;
  /** Why the replay could not go on although the code matches (a truncated or unreadable recorded payload). */
  readonly problem?: string;
  /** The history's own status for the execution (STARTED while it was in flight). */
  readonly recordedStatus: OperationStatus | undefined;
  readonly source: string;
}

/** An in-memory service that acknowledges what a replay would checkpoint; nothing leaves the process. */
function acknowledgingPort(): DurablePort {
  let token = 0;
  return {
    checkpoint: async () => ({ CheckpointToken: `replay-${++token}` }),
    getState: async () => ({ Operations: [] }),
  };
}

/**
 * Replays `history` (a file path, a value in any history format, or a loaded history) with the current code of
 * `workflow`. No step function, condition check or callback submitter runs: the replay stops at the first
 * operation the history does not have and reports it. Bad history input throws HistoryFormatError.
 * @example
 * const report = await replay(orderWorkflow, "histories/order-1.json");
 * console.log(formatReport(report));
 */
export async function replay<I, O>(workflow: Workflow<I, O>, history: RecordedHistory | string | unknown, options: ReplayOptions<I> = {}): Promise<ReplayReport<O>> {
  const recorded = toRecordedHistory(history);
  const input = options.input !== undefined ? options.input : (parseInput(recorded) as I);
  const snapshot = HistorySnapshot.of(recorded.operations);
  const execution = snapshot.execution();
  const base = {
    recorded: recorded.operations.filter((operation) => operation.Type !== "EXECUTION").length,
    recordedStatus: execution?.Status,
    source: recorded.source,
  };
  try {
    const run = await runWorkflow(workflow, input, {
      executionArn: recorded.executionArn ?? "arn:aws:lambda:us-east-1:000000000000:function:replay:$LATEST/durable-execution/replay/replay",
      checkpointToken: "replay-0",
      snapshot,
      port: acknowledgingPort(),
      log: () => {},
      replayOnly: { unreadable: recorded.truncated },
    });
    const { outcome, divergence } = run;
    const next = run.replay?.frontier;
    const replays = divergence === undefined;
    const report = { ...base, replays, replayed: run.replayed, notReentered: replays ? completedContexts(recorded.operations) : [], status: outcome.status };
    const located = { ...(next === undefined ? {} : { next }), ...(divergence === undefined ? {} : { divergence }) };
    if (outcome.status === "SUCCEEDED") return { ...report, ...located, ...(outcome.result === undefined ? {} : { result: JSON.parse(outcome.result) as O }) };
    if (outcome.status === "FAILED") return { ...report, ...located, error: outcome.error };
    return { ...report, ...located };
  } catch (error) {
    if (!(error instanceof InvocationError)) throw error;
    return { ...base, replays: false, replayed: 0, notReentered: [], status: "FAILED", error: { ErrorType: error.name, ErrorMessage: error.message }, problem: error.message };
  }
}

function toRecordedHistory(history: unknown): RecordedHistory {
  if (typeof history === "string") return loadHistory(history);
  if (isRecordedHistory(history)) return history;
  return readHistory(history);
}

function isRecordedHistory(value: unknown): value is RecordedHistory {
  return value !== null && typeof value === "object" && "format" in value && "operations" in value && "truncated" in value;
}

function parseInput(history: RecordedHistory): unknown {
  const execution = history.operations.find((operation) => operation.Type === "EXECUTION");
  const truncated = execution === undefined ? undefined : history.truncated.get(execution.Id);
  if (truncated !== undefined) throw new HistoryFormatError(`${history.source}: ${truncated}; pass { input } to replay`);
  if (history.inputPayload === undefined) return undefined;
  try {
    return JSON.parse(history.inputPayload);
  } catch (error) {
    throw new HistoryFormatError(`${history.source}: the recorded input is not JSON (${(error as Error).message}); pass { input } to replay`);
  }
}
