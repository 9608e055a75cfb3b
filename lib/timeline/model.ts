import { epochMillisOfFileNumber } from "../../interpreter/timestamps";

/**
 * An execution's history as rows of bars on one time axis: what the HTML and terminal timelines draw.
 *
 * The axis is compressed: every event gets a slot of its own, in order, and the gap after it grows with the log of
 * the time until the next event. Operations that happen in the same millisecond stay apart and readable, and a
 * 30-minute wait is still visibly longer than a 2-second retry delay. Labels give the real times.
 */

/**
 * One history event as GetDurableExecutionHistory gives it (EventTimestamp a Date, epoch seconds or ISO text), so a
 * timeline can be drawn from runLocal's events, a fetched history or a saved file alike.
 * @example
 * const local: readonly RecordedEvent[] = (await runLocal(orderWorkflow, order)).events;
 * const deployed = (await fetchHistory(new LambdaClient({}), executionArn)).Events as RecordedEvent[];
 */
export interface RecordedEvent {
  readonly EventType: string;
  readonly EventId?: number;
  readonly EventTimestamp: Date | string | number;
  readonly SubType?: string;
  readonly Id?: string;
  readonly Name?: string;
  readonly ParentId?: string;
  readonly [details: `${string}Details`]: unknown;
}

export type RowKind = "Step" | "Wait" | "Callback" | "ChainedInvoke" | "Context";
export type RowStatus = "STARTED" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED" | "CANCELLED";

/**
 * A stretch of a row, from one event slot to another: a step attempt, or the time spent waiting (a retry delay too).
 * @example
 * const charge = timeline.rows.find((row) => row.label === "charge")!;
 * const delays = charge.spans.filter((span) => span.phase === "wait").map((span) => span.note); // ["retry in 2s", ...]
 */
export interface Span {
  readonly from: number;
  readonly to: number;
  /** `run`: the operation's code ran (a step attempt); `wait`: it waited (a wait, a retry delay, a callback, an invoke). */
  readonly phase: "run" | "wait";
  readonly outcome?: "succeeded" | "failed" | "polled";
  readonly note?: string;
}

/**
 * One operation of a timeline, placed under its context (`depth`): where its bar sits, how it ended, how many attempts it took.
 * @example
 * const retried = timeline.rows.filter((row) => row.kind === "Step" && row.attempts > 1).map((row) => `${row.label}: ${row.attempts} attempts`);
 * const stillOpen = timeline.rows.filter((row) => row.endedAt === undefined).map((row) => row.label);
 */
export interface TimelineRow {
  readonly id: string;
  readonly parentId: string | undefined;
  readonly depth: number;
  readonly label: string;
  readonly kind: RowKind;
  readonly subType: string | undefined;
  readonly status: RowStatus;
  /** Slots of the first and last event of the operation (the last event so far while it runs). */
  readonly from: number;
  readonly to: number;
  readonly startedAt: number;
  readonly endedAt: number | undefined;
  readonly spans: readonly Span[];
  /** Step attempts (each START or retried outcome), waitForCondition polls included. */
  readonly attempts: number;
  readonly failed: boolean;
  /** The result or the error, shortened. */
  readonly detail: string | undefined;
}

/**
 * One Lambda invocation of the execution: the event slots it covers, its real start and end (epoch ms), and the
 * error it crashed with, if any.
 * @example
 * for (const band of timeline.invocations) console.log(`invocation ${band.index}: ${band.endedAt - band.startedAt} ms`, band.error ?? "");
 */
export interface InvocationBand {
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error: string | undefined;
}

/**
 * An execution drawn on one time axis: what buildTimeline gives and htmlTimeline / terminalTimeline draw. A test
 * can also assert on it directly (which steps retried, which invocation crashed).
 * @example
 * const timeline = buildTimeline(run.events, run.executionArn);
 * console.log(timeline.executionStatus, `${timeline.rows.length} operations, ${timeline.invocations.length} invocations`, timeline.error ?? "");
 */
export interface Timeline {
  readonly executionStatus: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** x of each event slot, from 0 to `width`. */
  readonly slots: readonly number[];
  /** Real time (epoch ms) of each slot. */
  readonly times: readonly number[];
  readonly width: number;
  readonly rows: readonly TimelineRow[];
  readonly invocations: readonly InvocationBand[];
  readonly error: string | undefined;
}

const STARTED = /^(Step|Wait|Callback|ChainedInvoke|Context)Started$/;
const ENDED = /^(Step|Wait|Callback|ChainedInvoke|Context)(Succeeded|Failed|TimedOut|Stopped|Cancelled)$/;
const STATUS: Record<string, RowStatus> = { Succeeded: "SUCCEEDED", Failed: "FAILED", TimedOut: "TIMED_OUT", Stopped: "STOPPED", Cancelled: "CANCELLED" };
const DETAIL_LENGTH = 120;

interface Building {
  id: string;
  parentId: string | undefined;
  name: string | undefined;
  kind: RowKind;
  subType: string | undefined;
  status: RowStatus;
  from: number;
  to: number;
  spans: Span[];
  attempts: number;
  /** Where the running attempt (or the wait) began. */
  openedAt: number;
  /** A step between attempts: its last span is a retry delay that the next attempt ends. */
  delayOpen: boolean;
  detail: string | undefined;
}

/**
 * Builds the timeline of a history; `where` names the source in errors (no events, a timestamp that is not a date).
 * @example
 * const run = await runLocal(orderWorkflow, order);
 * const timeline = buildTimeline(run.events, run.executionArn);
 * const deployed = buildTimeline((await fetchHistory(lambda, executionArn)).Events as RecordedEvent[], executionArn);
 */
export function buildTimeline(events: readonly RecordedEvent[], where: string): Timeline {
  if (events.length === 0) throw new Error(`${where}: the history has no events`);
  const times = events.map((event, index) => timeOf(event, `${where}: event ${index} (${event.EventType})`));
  const rows = new Map<string, Building>();
  const invocations: InvocationBand[] = [];
  let executionStatus = "RUNNING";
  let error: string | undefined;
  let invocationFrom = 0;

  events.forEach((event, slot) => {
    if (event.EventType === "InvocationCompleted") {
      const details = event.InvocationCompletedDetails as { StartTimestamp?: Date | string | number; Error?: { Payload?: ErrorPayload } } | undefined;
      const start = details?.StartTimestamp === undefined ? times[invocationFrom]! : timeOf({ EventType: "", EventTimestamp: details.StartTimestamp }, where);
      // Events before the invocation began (the timer that woke it) are not part of it.
      let from = invocationFrom;
      while (from < slot && times[from]! < start) from++;
      invocations.push({ index: invocations.length + 1, from, to: slot, startedAt: start, endedAt: times[slot]!, error: errorText(details?.Error?.Payload) });
      invocationFrom = slot + 1;
      return;
    }
    if (event.EventType.startsWith("Execution")) {
      const outcome = event.EventType.slice("Execution".length);
      if (outcome !== "Started") executionStatus = STATUS[outcome] ?? outcome.toUpperCase();
      const payload = (event[`${event.EventType}Details`] as { Error?: { Payload?: ErrorPayload } } | undefined)?.Error?.Payload;
      if (payload !== undefined) error = errorText(payload);
      return;
    }
    if (event.Id === undefined) return;
    const started = STARTED.exec(event.EventType);
    const ended = ENDED.exec(event.EventType);
    const kind = (started?.[1] ?? ended?.[1]) as RowKind | undefined;
    if (kind === undefined) return;
    let row = rows.get(event.Id);
    if (row === undefined) {
      row = { id: event.Id, parentId: event.ParentId, name: event.Name, kind, subType: event.SubType, status: "STARTED", from: slot, to: slot, spans: [], attempts: kind === "Step" ? 1 : 0, openedAt: slot, delayOpen: false, detail: undefined };
      rows.set(event.Id, row);
      if (started !== null) return;
    }
    row.to = slot;
    if (started !== null) {
      // A retried step STARTs its next attempt: the retry delay ends here.
      if (row.delayOpen) closeDelay(row, slot);
      row.openedAt = slot;
      return;
    }
    const details = event[`${event.EventType}Details`] as StepEndDetails | undefined;
    const outcome = STATUS[ended![2]!]!;
    row.detail = detailOf(details);
    if (kind !== "Step") {
      row.spans.push({ from: row.openedAt, to: slot, phase: "wait", outcome: outcome === "SUCCEEDED" ? "succeeded" : "failed" });
      row.status = outcome;
      return;
    }
    // No START since the delay (a condition's next poll): the attempt ran in this invocation.
    if (row.delayOpen) closeDelay(row, Math.max(row.openedAt, invocationFrom));
    const retryIn = details?.RetryDetails?.NextAttemptDelaySeconds;
    const attemptOutcome = outcome !== "SUCCEEDED" ? "failed" : retryIn === undefined ? "succeeded" : "polled";
    row.spans.push({ from: row.openedAt, to: slot, phase: "run", outcome: attemptOutcome, note: `attempt ${row.attempts}${row.detail === undefined ? "" : `: ${row.detail}`}` });
    if (retryIn === undefined) {
      row.status = outcome;
      return;
    }
    // An attempt that will be retried (or a poll that will poll again): the delay runs until the next attempt, at
    // its START or, for a condition's next poll (which sends none), in the invocation that polls.
    row.spans.push({ from: slot, to: slot, phase: "wait", note: `${attemptOutcome === "polled" ? "poll again" : "retry"} in ${retryIn}s` });
    row.delayOpen = true;
  });

  const last = events.length - 1;
  const built = [...rows.values()];
  for (const row of built) {
    if (!stillRunning(row)) continue;
    if (row.delayOpen) extendLastSpan(row, last);
    else row.spans.push({ from: row.openedAt, to: last, phase: row.kind === "Step" ? "run" : "wait", note: "still running" });
    row.to = last;
  }
  const slots = axis(times);
  return {
    executionStatus,
    startedAt: times[0]!,
    endedAt: times[last]!,
    slots,
    times,
    width: slots[last]!,
    rows: order(built).map(({ row, depth }) => ({
      id: row.id,
      parentId: row.parentId,
      depth,
      label: labelOf(row, rows),
      kind: row.kind,
      subType: row.subType,
      status: row.status,
      from: row.from,
      to: row.to,
      startedAt: times[row.from]!,
      endedAt: stillRunning(row) ? undefined : times[row.to],
      spans: row.spans,
      attempts: row.attempts,
      failed: row.status === "FAILED" || row.status === "TIMED_OUT" || row.status === "STOPPED",
      detail: row.detail,
    })),
    invocations,
    error,
  };
}

interface ErrorPayload {
  ErrorType?: string;
  ErrorMessage?: string;
}

interface StepEndDetails {
  Result?: { Payload?: string };
  Error?: { Payload?: ErrorPayload };
  RetryDetails?: { NextAttemptDelaySeconds?: number };
}

/** Ends a step's retry delay at `slot`, where its next attempt begins. */
function closeDelay(row: Building, slot: number): void {
  extendLastSpan(row, slot);
  row.delayOpen = false;
  row.openedAt = slot;
  row.attempts++;
}

/**
 * Started and not ended. Not a patch marker (patched()): a STEP started and never completed by design, a point in time.
 */
function stillRunning(row: Building): boolean {
  return row.status === "STARTED" && row.subType !== "Patch";
}

function extendLastSpan(row: Building, slot: number): void {
  row.spans[row.spans.length - 1] = { ...row.spans.at(-1)!, to: slot };
}

function timeOf(event: Pick<RecordedEvent, "EventType" | "EventTimestamp">, where: string): number {
  const value = event.EventTimestamp;
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? epochMillisOfFileNumber(value) : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`${where}: EventTimestamp ${JSON.stringify(value)} is not a date (epoch seconds or milliseconds, or ISO 8601)`);
  return ms;
}

/** x of each slot: one unit per event, plus the log of the time to the next one (a second is 1 unit, an hour 4.6). */
function axis(times: readonly number[]): number[] {
  const slots = [0];
  for (let index = 1; index < times.length; index++) {
    const gap = Math.max(0, times[index]! - times[index - 1]!);
    slots.push(slots[index - 1]! + 1 + 1.3 * Math.log10(1 + gap / 1000));
  }
  return slots;
}

/** Parents before their children, siblings in the order they started. */
function order(rows: Building[]): { row: Building; depth: number }[] {
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<string | undefined, Building[]>();
  for (const row of rows) {
    const parent = row.parentId !== undefined && ids.has(row.parentId) ? row.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const ordered: { row: Building; depth: number }[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const row of (children.get(parent) ?? []).sort((a, b) => a.from - b.from)) {
      ordered.push({ row, depth });
      visit(row.id, depth + 1);
    }
  };
  visit(undefined, 0);
  return ordered;
}

/** The operation's name; the unnamed parts of a waitForCallback are named for what they do. */
function labelOf(row: Building, rows: ReadonlyMap<string, Building>): string {
  if (row.name !== undefined) return row.name;
  const parent = row.parentId === undefined ? undefined : rows.get(row.parentId);
  const role = row.kind === "Callback" ? "callback" : row.kind === "Step" ? "submit" : row.kind.toLowerCase();
  return parent?.name === undefined ? `(${role})` : `${parent.name} (${role})`;
}

const KIND_LABELS: Record<string, string> = {
  Map: "map", MapIteration: "map item", Parallel: "parallel", ParallelBranch: "branch", RunInChildContext: "child",
  WaitForCallback: "waitForCallback", WaitForCondition: "waitForCondition", Wait: "wait", Callback: "callback", ChainedInvoke: "invoke",
  Step: "step", All: "all", AllSettled: "allSettled", Race: "race", Any: "any", Patch: "patch",
};

/** What kind of operation a row is, in the DSL's words ("step", "map item", "waitForCallback"...). */
export function kindLabel(row: Pick<TimelineRow, "kind" | "subType">): string {
  return KIND_LABELS[row.subType ?? row.kind] ?? (row.subType ?? row.kind);
}

function detailOf(details: StepEndDetails | undefined): string | undefined {
  const error = errorText(details?.Error?.Payload);
  if (error !== undefined) return error;
  const payload = details?.Result?.Payload;
  return payload === undefined ? undefined : shorten(payload);
}

function errorText(payload: ErrorPayload | undefined): string | undefined {
  if (payload?.ErrorType === undefined && payload?.ErrorMessage === undefined) return undefined;
  return shorten(`${payload.ErrorType ?? "Error"}: ${payload.ErrorMessage ?? ""}`);
}

function shorten(text: string): string {
  return text.length > DETAIL_LENGTH ? `${text.slice(0, DETAIL_LENGTH - 3)}...` : text;
}
