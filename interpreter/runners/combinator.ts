import { AllFailedError, type CombinatorKind, type CombinatorOp } from "../../dsl/combinators";
import type { Op } from "../../dsl/op";
import type { CallbackResultOp } from "../../dsl/callback";
import { describe } from "../../dsl/duration";
import { BLOCKED, Fiber, NEXT, THROW, type Resumption, type Step } from "../fiber";
import { InvocationError, MISMATCH, type Run } from "../run";
import { updateBase } from "../updates";
import type { Timestamp } from "../wire";
import { dispatch } from "./index";

/**
 * all / allSettled / race / any. The participants take their positions in order, as if yielded one after the
 * other, and run concurrently, each in a fiber of its own.
 *
 * Which participant wins a race (or fails an `all` first) is a fact about timing that the participants' own
 * records cannot carry: a participant that lost may complete later, and a replay then finds both complete. So
 * all, race and any record their decision as one more operation, a CONTEXT (SubType All / Race / Any) placed
 * after the participants, whose payload names the participant that decided (`{"winner":1}`, `{"failed":0}`,
 * `{"allSucceeded":true}`, `{"allFailed":true}`). A replay reads it and replays only the participants it needs.
 * allSettled waits for every participant, so its outcome does not depend on timing and it records nothing.
 * When several participants are already complete when the combinator starts (a replay before the decision was
 * recorded), they are taken in the order the service completed them (EndTimestamp), then in participant order.
 */
export function runCombinator(op: CombinatorOp<unknown>, fiber: Fiber, run: Run, first: number): Step {
  const scope = fiber.scope;
  const starts: number[] = [];
  let next = first;
  for (const participant of op.participants) {
    starts.push(next);
    next += positionsTaken(participant);
  }
  const records = op.combinator !== "allSettled";
  const recordPosition = next;
  scope.advanceTo(records ? recordPosition : recordPosition - 1);
  if (records) {
    const recordId = scope.idAt(recordPosition);
    const recorded = run.recorded(fiber.scope, recordPosition, recordId, "CONTEXT", SUBTYPES[op.combinator], undefined);
    if (recorded === MISMATCH) return BLOCKED;
    if (recorded?.Status === "SUCCEEDED") {
      run.replayedOne();
      const decision = readDecision(recorded.ContextDetails?.Result);
      if (decision === undefined) {
        run.failInvocation(new InvocationError(`the decision recorded for ${op.combinator}() at ${scope.pathAt(recordPosition)} cannot be read: ${describe(recorded.ContextDetails?.Result)}`));
        return BLOCKED;
      }
      return new Combination(op, fiber, run, starts, recordPosition, decision).replay();
    }
  }
  return new Combination(op, fiber, run, starts, recordPosition, undefined).start();
}

const SUBTYPES: Record<Exclude<CombinatorKind, "allSettled">, string> = { all: "All", race: "Race", any: "Any" };

type Decision = { winner?: number; failed?: number; allSucceeded?: true; allFailed?: true };
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
  const participants = combinator.participants.reduce((sum, participant) => sum + positionsTaken(participant), 0);
  return combinator.combinator === "allSettled" ? participants : participants + 1;
}

function* slot(): Generator<unknown, unknown, unknown> {
  return yield undefined;
}

class Combination {
  private readonly outcomes: (Outcome | undefined)[];
  private settledCount = 0;
  private decided = false;
  /** Set while the participants are being dispatched: a decision reached then is returned, not resumed. */
  private launching = true;
  private immediate: Outcome | undefined;

  constructor(
    private readonly op: CombinatorOp<unknown>,
    private readonly fiber: Fiber,
    private readonly run: Run,
    private readonly starts: readonly number[],
    private readonly recordPosition: number,
    private readonly decision: Decision | undefined,
  ) {
    this.outcomes = new Array(op.participants.length);
  }

  /** Runs every participant; those already complete are taken in the order the service completed them. */
  start(): Step {
    const immediate: number[] = [];
    this.op.participants.forEach((participant, index) => {
      if (this.launch(participant, index)) immediate.push(index);
    });
    immediate.sort((a, b) => this.completedAt(a) - this.completedAt(b) || a - b);
    for (const index of immediate) this.settled(index);
    return this.afterLaunch();
  }

  /** Replays the decision recorded earlier: only the participants it names run, and all of them replay. */
  replay(): Step {
    const needed = this.decision?.winner ?? this.decision?.failed;
    this.op.participants.forEach((participant, index) => {
      if (needed !== undefined && index !== needed) this.skip(participant, index);
      else if (this.launch(participant, index)) this.settled(index);
    });
    return this.afterLaunch();
  }

  private afterLaunch(): Step {
    if (!this.decided && this.op.participants.length === 0) this.decide(this.op.combinator === "all" ? { allSucceeded: true } : {});
    this.launching = false;
    if (this.immediate === undefined) return BLOCKED;
    this.fiber.value = this.immediate.value;
    return this.immediate.mode;
  }

  /** Dispatches a participant at its position; true when it completed at once (its outcome is stored). */
  private launch(participant: Op<unknown>, index: number): boolean {
    const generator = slot();
    generator.next();
    const participantFiber = new Fiber(generator, this.fiber.scope, (mode, value) => {
      this.outcomes[index] = { mode, value };
      this.settled(index);
    });
    const step = dispatch(participant, participantFiber, this.run, this.starts[index]);
    if (step === BLOCKED) return false;
    this.outcomes[index] = { mode: step, value: participantFiber.value };
    return true;
  }

  private skip(participant: Op<unknown>, index: number): void {
    const start = this.starts[index]!;
    for (let position = start; position < start + positionsTaken(participant); position++) this.run.skipRecorded(this.fiber.scope, position);
  }

  private completedAt(index: number): number {
    const participant = this.op.participants[index]!;
    if (participant.kind === "combinator") return Number.POSITIVE_INFINITY;
    const id = participant.kind === "callbackResult" ? (participant as CallbackResultOp<unknown>).operationId : this.fiber.scope.idAt(this.starts[index]!);
    const end = this.run.snapshot.get(id)?.EndTimestamp;
    return end === undefined ? Number.POSITIVE_INFINITY : epochMillis(end);
  }

  private settled(index: number): void {
    this.settledCount++;
    if (this.decided) return;
    const outcome = this.outcomes[index]!;
    const count = this.op.participants.length;
    if (this.decision !== undefined) {
      if (this.decision.winner === index || this.decision.failed === index || this.settledCount === count) this.decide(this.decision);
      return;
    }
    switch (this.op.combinator) {
      case "all":
        if (outcome.mode === THROW) this.decide({ failed: index });
        else if (this.settledCount === count) this.decide({ allSucceeded: true });
        return;
      case "race":
        this.decide({ winner: index });
        return;
      case "any":
        if (outcome.mode === NEXT) this.decide({ winner: index });
        else if (this.settledCount === count) this.decide({ allFailed: true });
        return;
      case "allSettled":
        if (this.settledCount === count) this.decide({});
    }
  }

  private decide(decision: Decision): void {
    this.decided = true;
    const outcome = this.result(decision);
    const { mode, value } = outcome;
    if (this.op.combinator === "allSettled" || this.decision !== undefined) {
      if (this.launching) this.immediate = outcome;
      else this.run.resume(this.fiber, mode, value);
      return;
    }
    const base = updateBase(this.fiber.scope.idAt(this.recordPosition), this.fiber.scope.contextId, undefined, "CONTEXT", SUBTYPES[this.op.combinator]);
    this.run.enqueue(this.fiber.scope, { ...base, Action: "START" });
    this.run.enqueue(this.fiber.scope, { ...base, Action: "SUCCEED", Payload: JSON.stringify(decision) });
    // The workflow acts on the decision only once it is durable, so a replay cannot decide otherwise.
    this.run.whenDurable(() => this.run.resume(this.fiber, mode, value));
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

function epochMillis(timestamp: Timestamp): number {
  if (timestamp instanceof Date) return timestamp.getTime();
  if (typeof timestamp === "number") return timestamp;
  return Date.parse(timestamp);
}
