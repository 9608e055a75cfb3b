import { InvocationError } from "../interpreter/invocation-error";
import { HistorySnapshot } from "../interpreter/snapshot";
import { LIMITS, type ExecutionState, type Operation } from "../interpreter/wire";
import { checkOperation, InvalidEventError, parseInvocationEvent } from "./event";

/** What one invocation runs on: the execution's whole recorded state and its input. */
export interface PreparedInvocation {
  readonly executionArn: string;
  readonly checkpointToken: string;
  readonly snapshot: HistorySnapshot;
  /** The EXECUTION operation's input, parsed (undefined when it has none). */
  readonly input: unknown;
  /** The event's UpdatedOperationIds: operations changed from outside since the last invocation (plugins are told). */
  readonly updatedOperationIds: readonly string[];
}

/** The execution's input is not JSON: the execution fails (no retry can fix it). */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidInputError";
  }
}

/** Reads a page of the execution's state after `marker` (GetDurableExecutionState). */
export type StatePages = (checkpointToken: string, marker: string) => Promise<ExecutionState>;

/**
 * event -> snapshot + input, the one way every caller builds an invocation (the Lambda handler, the local service,
 * the tests). Checks the event's shape and every operation (InvalidEventError naming the field), pages the rest of
 * the state through `pages`, and refuses what would make the run wrong rather than fail: an operation id that
 * appears twice, a history without its EXECUTION operation (InvalidEventError both). A NextMarker the service
 * repeats, or more operations than an execution may have (3,000), end the invocation (InvocationError) instead of
 * paging forever. An input that is not JSON throws InvalidInputError. No I/O but through `pages`.
 */
export async function prepareInvocation(event: unknown, pages: StatePages): Promise<PreparedInvocation> {
  const invocation = parseInvocationEvent(event);
  const state = invocation.InitialExecutionState;
  const operations = await allOperations(pages, invocation.CheckpointToken, state.Operations ?? [], state.NextMarker);
  const snapshot = HistorySnapshot.of(operations);
  // The snapshot indexes operations by id: fewer entries than operations means an id appeared twice.
  if (snapshot.size !== operations.length) throw duplicateIdError(operations);
  const execution = snapshot.execution();
  if (execution === undefined) throw new InvalidEventError(`the execution's state has no EXECUTION operation (${operations.length} operations): it carries the input, and the service always sends it first`);
  return {
    executionArn: invocation.DurableExecutionArn,
    checkpointToken: invocation.CheckpointToken,
    snapshot,
    input: parseInput(execution.ExecutionDetails?.InputPayload),
    updatedOperationIds: invocation.UpdatedOperationIds ?? [],
  };
}

async function allOperations(pages: StatePages, token: string, first: Operation[], nextMarker: string | undefined): Promise<Operation[]> {
  checkCount(first.length);
  if (!nextMarker) return first;
  const operations = first.slice();
  const seen = new Set<string>();
  let marker: string | undefined = nextMarker;
  while (marker) {
    if (seen.has(marker)) throw new InvocationError(`GetDurableExecutionState returned the NextMarker ${JSON.stringify(marker)} a second time, after ${operations.length} operations: the service's paging does not end`);
    seen.add(marker);
    const page = await pages(token, marker);
    const pageOperations = page.Operations ?? [];
    for (let index = 0; index < pageOperations.length; index++) checkOperation(pageOperations[index], `GetDurableExecutionState page ${seen.size}: Operations`, index);
    operations.push(...pageOperations);
    checkCount(operations.length);
    marker = page.NextMarker;
  }
  return operations;
}

/** The EXECUTION operation is not one of the workflow's, hence one more than the limit. */
function checkCount(count: number): void {
  if (count > LIMITS.operationsPerExecution + 1) {
    throw new InvocationError(`the execution's state has more than ${LIMITS.operationsPerExecution} operations (${count} so far), more than the service allows`);
  }
}

function duplicateIdError(operations: readonly Operation[]): InvalidEventError {
  const firstIndex = new Map<string, number>();
  for (let index = 0; index < operations.length; index++) {
    const id = operations[index]!.Id;
    const first = firstIndex.get(id);
    if (first !== undefined) return new InvalidEventError(`the execution's state has operation id ${id} twice (operations ${first} and ${index}): a history holds each operation once`);
    firstIndex.set(id, index);
  }
  return new InvalidEventError("the execution's state has an operation id twice");
}

function parseInput(payload: string | undefined): unknown {
  if (payload === undefined || payload === "") return undefined;
  try {
    return JSON.parse(payload);
  } catch (error) {
    throw new InvalidInputError(`the execution's input is not JSON: ${(error as Error).message}`);
  }
}
