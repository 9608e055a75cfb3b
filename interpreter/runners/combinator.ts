import { AllFailedError, type CombinatorKind, type CombinatorOp } from "../../dsl/combinators";
import type { Op } from "../../dsl/op";
import type { CallbackResultOp } from "../../dsl/callback";
import { describe } from "../../dsl/describe";
import { NEXT, THROW, MISMATCH, type Resumption, type Done, type Runner, type RunnerHost } from "../host";
import { InvocationError } from "../invocation-error";
import type { Scope } from "../scope";
import { epochMillis } from "../timestamps";
import { updateBase } from "../updates";

/**
 * all / allSettled / race / any. The participants take their positions in order, as if yielded one after the
 * other, and run concurrently.
 *
 * Which participant wins a race (or fails an `all` first) is a fact about timing that the participants' own
 * records cannot carry: a participant that lost may complete later, and a replay then finds both complete. So
 * every combinator records its decision as one more operation, a CONTEXT (SubType All / AllSettled / Race / Any,
 * named like the combinator) placed after the participants, whose payload names the participant that decided
 * (`{"winner":1}`, `{"failed":0}`, `{"allSucceeded":true}`, `{"allFailed":true}`, `{"allSettled":true}`). A replay
 * reads it and replays only the participants it needs. allSettled's outcome does not depend on timing, but its
 * record is what carries its name into the history, the progress and the timeline.
 * When several participants are already complete when the combinator starts (a replay before the decision was
 * recorded), they are taken in the order the service completed them (EndTimestamp), then in participant order:
 * those are dispatched first, in that order, and the others after them.
 *
 * `first` is the first of the positions it places its participants at (the driver does not advance the context's
 * counter for a combinator); it takes them itself.
 */
export const runCombinator: Runner<CombinatorOp<unknown>> = (op, scope, first, host, done) => {
  const starts: number[] = [];
  let next = first;
  for (const participant of op.participants) {
    starts.push(next);
    next += positionsTaken(participant);
  }
  const recordPosition = next;
  scope.advanceTo(recordPosition);
  const recorded = host.recorded(scope, recordPosition, "CONTEXT", SUBTYPES[op.combinator], op.name);
  if (recorded === MISMATCH) return;
  if (recorded?.Status === "SUCCEEDED") {
    host.replayed();
    const decision = readDecision(recorded.ContextDetails?.Result);
    if (decision === undefined) {
      host.failInvocation(new InvocationError(`the decision recorded for ${op.combinator}() at ${scope.pathAt(recordPosition)} cannot be read: ${describe(recorded.ContextDetails?.Result)}`));
      return;
    }
    new Combination(op, scope, host, done, starts, recordPosition, decision).replay();
    return;
  }
  new Combination(op, scope, host, done, starts, recordPosition, undefined).start();
};

const SUBTYPES: Record<CombinatorKind, string> = { all: "All", allSettled: "AllSettled", race: "Race", any: "Any" };

type Decision = { winner?: number; failed?: number; allSucceeded?: true; allFailed?: true; allSettled?: true };
/** What a combinator of no participants decides (race and any of none are refused when built). */
const EMPTY_DECISIONS: Record<CombinatorKind, Decision> = { all: { allSucceeded: true }, allSettled: { allSettled: true }, race: {}, any: {} };

type Outcome = { mode: Resumption; value: unknown };

/** A recorded decision: a JSON object such as {"winner":1}; undefined when the record is not one. */
function readDecision(recorded: string | undefined): Decision | undefined {
  try {
    const decision = JSON.parse(recorded ?? "{}") as unknown;
    return decision !== null && typeof decision === "object" && !Array.isArray(decision) ? (decision as Decision) : undefined;
  } catch {
    return undefined;
  }
}

/** How many positions of its context an operation takes. */
function positionsTaken(op: Op<unknown>): number {
  if (op.kind === "callbackResult") return 0;
  if (op.kind !== "combinator") return 1;
  const combinator = op as CombinatorOp<unknown>;
  return combinator.participants.reduce((sum, participant) => sum + positionsTaken(participant), 1);
}

class Combination {
  private readonly outcomes: (Outcome | undefined)[];
  private endedCount = 0;
  private decided = false;

  constructor(
    private readonly op: CombinatorOp<unknown>,
    private readonly scope: Scope,
    private readonly host: RunnerHost,
    private readonly done: Done,
    private readonly starts: readonly number[],
    private readonly recordPosition: number,
    private readonly decision: Decision | undefined,
  ) {
    this.outcomes = new Array(op.participants.length);
  }

  /** Runs every participant: those the history records complete first, in the order the service completed them. */
  start(): void {
    const order = this.op.participants.map((_, index) => index);
    const completedAt = order.map((index) => this.completedAt(index));
    order.sort((a, b) => completedAt[a]! - completedAt[b]! || a - b);
    for (const index of order) this.launch(index);
    this.ifEmpty();
  }

  /** Replays the decision recorded earlier: only the participants it names run, and all of them replay. */
  replay(): void {
    const needed = this.decision?.winner ?? this.decision?.failed;
    for (let index = 0; index < this.op.participants.length; index++) {
      if (needed !== undefined && index !== needed) this.passOver(index);
      else this.launch(index);
    }
    this.ifEmpty();
  }

  private ifEmpty(): void {
    if (!this.decided && this.op.participants.length === 0) this.decide(EMPTY_DECISIONS[this.op.combinator]);
  }

  /** Dispatches a participant at its position; its outcome ends it, now or later. */
  private launch(index: number): void {
    this.host.dispatch(this.op.participants[index]!, this.scope, this.starts[index]!, (mode, value) => {
      this.outcomes[index] = { mode, value };
      this.participantEnded(index);
    });
  }

  private passOver(index: number): void {
    const start = this.starts[index]!;
    const end = start + positionsTaken(this.op.participants[index]!);
    for (let position = start; position < end; position++) this.host.passOver(this.scope, position);
  }

  private completedAt(index: number): number {
    const participant = this.op.participants[index]!;
    if (participant.kind === "combinator") return Number.POSITIVE_INFINITY;
    const id = participant.kind === "callbackResult" ? (participant as CallbackResultOp<unknown>).operationId : this.scope.idAt(this.starts[index]!);
    const end = this.host.current(id)?.EndTimestamp;
    return end === undefined ? Number.POSITIVE_INFINITY : epochMillis(end);
  }

  private participantEnded(index: number): void {
    this.endedCount++;
    if (this.decided) return;
    const outcome = this.outcomes[index]!;
    const count = this.op.participants.length;
    if (this.decision !== undefined) {
      if (this.decision.winner === index || this.decision.failed === index || this.endedCount === count) this.decide(this.decision);
      return;
    }
    switch (this.op.combinator) {
      case "all":
        if (outcome.mode === THROW) this.decide({ failed: index });
        else if (this.endedCount === count) this.decide({ allSucceeded: true });
        return;
      case "race":
        this.decide({ winner: index });
        return;
      case "any":
        if (outcome.mode === NEXT) this.decide({ winner: index });
        else if (this.endedCount === count) this.decide({ allFailed: true });
        return;
      case "allSettled":
        if (this.endedCount === count) this.decide({ allSettled: true });
    }
  }

  private decide(decision: Decision): void {
    this.decided = true;
    const outcome = this.result(decision);
    const { mode, value } = outcome;
    if (this.decision !== undefined) {
      this.done(mode, value);
      return;
    }
    const base = updateBase(this.scope.idAt(this.recordPosition), this.scope.contextId, this.op.name, "CONTEXT", SUBTYPES[this.op.combinator]);
    this.host.record(this.scope, { ...base, Action: "START" });
    this.host.record(this.scope, { ...base, Action: "SUCCEED", Payload: JSON.stringify(decision) });
    // The workflow acts on the decision only once it is durable, so a replay cannot decide otherwise.
    this.host.whenDurable(() => this.done(mode, value));
  }

  private result(decision: Decision): Outcome {
    const chosen = decision.winner ?? decision.failed;
    if (chosen !== undefined) return this.outcomes[chosen]!;
    if (this.op.combinator === "allSettled") {
      return { mode: NEXT, value: this.outcomes.map((outcome) => outcome!.mode === NEXT ? { status: "fulfilled", value: outcome!.value } : { status: "rejected", reason: outcome!.value }) };
    }
    if (decision.allFailed) return { mode: THROW, value: new AllFailedError(this.outcomes.map((outcome) => outcome!.value as Error)) };
    return { mode: NEXT, value: this.outcomes.map((outcome) => outcome!.value) };
  }
}
