import type { StepContext } from "../dsl/context";
import type { Divergence } from "../dsl/errors";
import type { CheckpointStats } from "./batcher";
import type { PluginSetup } from "./plugins-api";
import type { DurablePort, LoggerFactory, LogSink, Timers } from "./port";
import type { Frontier } from "./replay-probe";
import type { HistorySnapshot } from "./snapshot";
import type { ErrorObject } from "./wire";

export type RunOutcome =
  | { readonly status: "SUCCEEDED"; readonly result: string | undefined }
  | { readonly status: "FAILED"; readonly error: ErrorObject }
  | { readonly status: "PENDING" };

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly checkpoints: CheckpointStats;
  /** Operations whose recorded outcome was returned from history. */
  readonly replayed: number;
  /** Where the code parted ways with the history, when the outcome is a NonDeterminismError. */
  readonly divergence?: Divergence;
  /** Replay-only runs: where the replay stopped (undefined when the workflow ended). */
  readonly replay?: { readonly frontier: Frontier | undefined };
}

export interface RunOptions {
  readonly executionArn: string;
  readonly checkpointToken: string;
  readonly snapshot: HistorySnapshot;
  readonly port: DurablePort;
  readonly log?: LogSink;
  readonly timers?: Timers;
  /**
   * Replays without running anything new: no step function, condition check or callback submitter runs, and the
   * run stops (PENDING) at the first operation the history does not have, which the result reports. Recorded
   * operations listed in `unreadable` (payloads the service truncated) stop the replay with that reason.
   */
  readonly replayOnly?: { readonly unreadable?: ReadonlyMap<string, string> };
  /** Replaces step functions by step name, for unit tests of workflows (runLocal's `mocks`). */
  readonly stepMocks?: Readonly<Record<string, StepMock>>;
  /** Makes the loggers; by default they write JSON lines to `log`. */
  readonly logger?: LoggerFactory;
  /** Plugins and what their hooks are told about the invocation (interpreter/plugins-api.ts). */
  readonly plugins?: PluginSetup;
}

/**
 * A stand-in for a step function, by step name, with its result unchecked: what a workflow registered on a
 * LocalService takes as `stepMocks` (runLocal's `mocks` are the typed form). It gets the step's context, so it can
 * fail the first attempts to exercise the step's retries.
 * @example
 * const flakyExport: StepMock = (ctx) => { if (ctx.attempt < 3) throw new Error("S3 SlowDown"); return { rows: 0 }; };
 * service.register("nightly-report", { kind: "workflow", workflow: nightlyReport, stepMocks: { export: flakyExport } });
 */
export type StepMock = (ctx: StepContext) => unknown;
