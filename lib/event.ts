import { describe } from "../dsl/describe";
import { epochMillis } from "../interpreter/timestamps";
import { OPERATION_STATUSES, OPERATION_TYPES, type DurableInvocationEvent, type Operation } from "../interpreter/wire";

/**
 * The event is not a durable invocation (the function is not configured as durable, or was invoked directly), or
 * one of its fields is malformed; the message names the field. The handler rejects with it, so Lambda reports it.
 * @example
 * const refused = await handler({ orderId: "o-1" }).catch((error: unknown) => error);
 * if (refused instanceof InvalidEventError) console.error(refused.message); // "... Is the function configured with DurableConfig?"
 */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidEventError";
  }
}

const TYPES: ReadonlySet<string> = new Set(OPERATION_TYPES);
const STATUSES: ReadonlySet<string> = new Set(OPERATION_STATUSES);

/** Checks the shape of a durable invocation event, naming the first field that is wrong. */
export function parseInvocationEvent(event: unknown): DurableInvocationEvent {
  if (event === null || typeof event !== "object" || Array.isArray(event)) {
    throw new InvalidEventError(`expected a durable invocation event (an object with DurableExecutionArn, CheckpointToken and InitialExecutionState), got ${describe(event)}. Is the function configured with DurableConfig?`);
  }
  const record = event as Record<string, unknown>;
  for (const field of ["DurableExecutionArn", "CheckpointToken"]) {
    if (typeof record[field] !== "string" || record[field] === "") {
      throw new InvalidEventError(`the event is not a durable invocation: ${field} is ${record[field] === undefined ? "missing" : `not a non-empty string (${describe(record[field])})`}. Is the function configured with DurableConfig?`);
    }
  }
  const state = record.InitialExecutionState ?? {};
  if (state === null || typeof state !== "object" || Array.isArray(state)) {
    throw new InvalidEventError(`the event's InitialExecutionState must be an object, got ${describe(state)}`);
  }
  const { Operations = [], NextMarker } = state as Record<string, unknown>;
  if (!Array.isArray(Operations)) throw new InvalidEventError(`the event's InitialExecutionState.Operations must be an array, got ${describe(Operations)}`);
  if (NextMarker !== undefined && NextMarker !== null && typeof NextMarker !== "string") {
    throw new InvalidEventError(`the event's InitialExecutionState.NextMarker must be a string, got ${describe(NextMarker)}`);
  }
  for (let index = 0; index < Operations.length; index++) checkOperation(Operations[index], "InitialExecutionState.Operations", index);
  const parsed: DurableInvocationEvent = {
    DurableExecutionArn: record.DurableExecutionArn as string,
    CheckpointToken: record.CheckpointToken as string,
    InitialExecutionState: NextMarker ? { Operations: Operations as Operation[], NextMarker } : { Operations: Operations as Operation[] },
  };
  const updated = updatedOperationIds(record.UpdatedOperationIds);
  if (updated !== undefined) parsed.UpdatedOperationIds = updated;
  return parsed;
}

/** The operations changed from outside since the last invocation; services that predate the field send none. */
function updatedOperationIds(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new InvalidEventError(`the event's UpdatedOperationIds must be an array of operation ids, got ${describe(value)}`);
  value.forEach((id, index) => {
    if (typeof id !== "string" || id === "") throw new InvalidEventError(`the event's UpdatedOperationIds[${index}] must be a non-empty string, got ${describe(id)}`);
  });
  return value as string[];
}

/** The fields of each details object the interpreter reads, and what each must be. */
const DETAIL_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldKind>>>> = {
  ExecutionDetails: { InputPayload: "string" },
  ContextDetails: { ReplayChildren: "boolean", Result: "string", Error: "error" },
  StepDetails: { Attempt: "count", NextAttemptTimestamp: "timestamp", Result: "string", Error: "error" },
  WaitDetails: { ScheduledEndTimestamp: "timestamp" },
  CallbackDetails: { CallbackId: "string", Result: "string", Error: "error" },
  ChainedInvokeDetails: { Result: "string", Error: "error" },
};

type FieldKind = "string" | "boolean" | "count" | "timestamp" | "error";

/**
 * DETAIL_FIELDS as lists of checks by details object, made once, for the field-by-field check (it reads each details
 * object by name: a new one needs its line there, and its test in isWellFormed).
 */
const DETAIL_CHECKS = new Map(Object.entries(DETAIL_FIELDS).map(([detail, fields]) => [
  detail,
  Object.entries(fields).map(([field, kind]) => ({ field, kind, path: `${detail}.${field}` })),
]));

/**
 * Checks the fields the interpreter relies on; `where` names the operation in the message, followed by `[index]`
 * when given (the name is only built for a message: this runs for every operation of every event). A well-formed
 * operation passes one tight test (isWellFormed); only one that fails it goes through the field-by-field check,
 * which names what is wrong.
 */
export function checkOperation(operation: unknown, where: string, index?: number): asserts operation is Operation {
  if (!isWellFormed(operation)) checkFieldByField(operation, where, index);
}

/**
 * The field-by-field check's verdict on a well-formed operation, in one pass with few calls: in a fresh process
 * this runs as bytecode before the JIT compiled anything, and every call counts. Field by field (17 calls per
 * operation) the first replay of 3,000 steps took 14.6 ms against 13.3 ms with one pass; checking StepDetails (on
 * nearly every operation) and ISO timestamps inline, with `!= null` as the one test for absent, took the check of
 * that event from 2.5 to 1.6 ms on Node 22 (the check of `npm run bench`'s first-replay event alone, medians of 15
 * fresh processes).
 * Never true where the field-by-field check would throw (tests/unit/lib/bad-input.test.ts tries every field);
 * false sends the operation there for the message.
 */
function isWellFormed(operation: unknown): boolean {
  if (typeof operation !== "object" || operation === null || Array.isArray(operation)) return false;
  const record = operation as Record<string, unknown>;
  const id = record.Id;
  const type = record.Type;
  const status = record.Status;
  if (typeof id !== "string" || id === "" || typeof type !== "string" || !TYPES.has(type) || typeof status !== "string" || !STATUSES.has(status)) return false;
  let value = record.ParentId;
  if (value != null && typeof value !== "string") return false;
  value = record.Name;
  if (value != null && typeof value !== "string") return false;
  value = record.SubType;
  if (value != null && typeof value !== "string") return false;
  value = record.StartTimestamp;
  if (value != null && !(typeof value === "string" && ISO_INSTANT.test(value)) && !isTimestamp(value)) return false;
  value = record.EndTimestamp;
  if (value != null && !(typeof value === "string" && ISO_INSTANT.test(value)) && !isTimestamp(value)) return false;
  const step = record.StepDetails;
  if (step != null) {
    if (typeof step !== "object" || Array.isArray(step)) return false;
    const details = step as Record<string, unknown>;
    const attempt = details.Attempt;
    if (attempt != null && !(typeof attempt === "number" && Number.isInteger(attempt) && attempt >= 0)) return false;
    value = details.NextAttemptTimestamp;
    if (value != null && !isTimestamp(value)) return false;
    value = details.Result;
    if (value != null && typeof value !== "string") return false;
    value = details.Error;
    if (value != null && !isErrorObject(value)) return false;
  }
  value = record.ExecutionDetails;
  if (value != null && !(isPlainObject(value) && optionalString((value as Record<string, unknown>).InputPayload))) return false;
  value = record.ContextDetails;
  if (value != null && !contextDetailsWellFormed(value)) return false;
  value = record.WaitDetails;
  if (value != null && !(isPlainObject(value) && optionalTimestamp((value as Record<string, unknown>).ScheduledEndTimestamp))) return false;
  value = record.CallbackDetails;
  if (value != null && !callbackDetailsWellFormed(value)) return false;
  value = record.ChainedInvokeDetails;
  if (value != null && !resultDetailsWellFormed(value)) return false;
  return true;
}

function contextDetailsWellFormed(details: unknown): boolean {
  if (!isPlainObject(details)) return false;
  const replayChildren = (details as Record<string, unknown>).ReplayChildren;
  return (replayChildren === undefined || replayChildren === null || typeof replayChildren === "boolean") && resultDetailsWellFormed(details);
}

function callbackDetailsWellFormed(details: unknown): boolean {
  return isPlainObject(details) && optionalString((details as Record<string, unknown>).CallbackId) && resultDetailsWellFormed(details);
}

/** Result (a string) and Error (an error object), both optional. */
function resultDetailsWellFormed(details: unknown): boolean {
  if (!isPlainObject(details)) return false;
  const { Result, Error } = details as Record<string, unknown>;
  return optionalString(Result) && (Error === undefined || Error === null || isErrorObject(Error));
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === "string";
}

function optionalTimestamp(value: unknown): boolean {
  return value === undefined || value === null || isTimestamp(value);
}

/** Names the first field of `operation` that is wrong (InvalidEventError). */
function checkFieldByField(operation: unknown, where: string, index: number | undefined): asserts operation is Operation {
  if (operation === null || typeof operation !== "object" || Array.isArray(operation)) throw new InvalidEventError(`${at(where, index)} must be an operation object, got ${describe(operation)}`);
  const record = operation as Record<string, unknown>;
  const { Id, Type, Status } = record;
  if (typeof Id !== "string" || Id === "") throw new InvalidEventError(`${at(where, index)}.Id must be a non-empty string, got ${describe(Id)}`);
  if (typeof Type !== "string" || !TYPES.has(Type)) {
    throw new InvalidEventError(`${at(where, index)}.Type is ${describe(Type)}; expected one of ${OPERATION_TYPES.join(", ")}`);
  }
  if (typeof Status !== "string" || !STATUSES.has(Status)) {
    throw new InvalidEventError(`${at(where, index)}.Status is ${describe(Status)}; expected one of ${OPERATION_STATUSES.join(", ")}`);
  }
  checkField(record.ParentId, "string", where, index, "ParentId");
  checkField(record.Name, "string", where, index, "Name");
  checkField(record.SubType, "string", where, index, "SubType");
  checkField(record.StartTimestamp, "timestamp", where, index, "StartTimestamp");
  checkField(record.EndTimestamp, "timestamp", where, index, "EndTimestamp");
  checkDetails(record.ExecutionDetails, "ExecutionDetails", where, index);
  checkDetails(record.ContextDetails, "ContextDetails", where, index);
  checkDetails(record.StepDetails, "StepDetails", where, index);
  checkDetails(record.WaitDetails, "WaitDetails", where, index);
  checkDetails(record.CallbackDetails, "CallbackDetails", where, index);
  checkDetails(record.ChainedInvokeDetails, "ChainedInvokeDetails", where, index);
}

function at(where: string, index: number | undefined): string {
  return index === undefined ? where : `${where}[${index}]`;
}

function checkDetails(details: unknown, detail: string, where: string, index: number | undefined): void {
  if (details === undefined || details === null) return;
  if (typeof details !== "object" || Array.isArray(details)) throw new InvalidEventError(`${at(where, index)}.${detail} must be an object, got ${describe(details)}`);
  const checks = DETAIL_CHECKS.get(detail)!;
  for (let check = 0; check < checks.length; check++) {
    const { field, kind, path } = checks[check]!;
    checkField((details as Record<string, unknown>)[field], kind, where, index, path);
  }
}

/** Absent (undefined or null) is fine; otherwise the value must be of `kind`. The error names the operation and `path`. */
function checkField(value: unknown, kind: FieldKind, where: string, index: number | undefined, path: string): void {
  if (value === undefined || value === null) return;
  const ok =
    kind === "string" ? typeof value === "string"
    : kind === "boolean" ? typeof value === "boolean"
    : kind === "count" ? Number.isInteger(value) && (value as number) >= 0
    : kind === "timestamp" ? isTimestamp(value)
    : isErrorObject(value);
  if (!ok) throw new InvalidEventError(`${at(where, index)}.${path} must be ${EXPECTED[kind]}, got ${describe(value)}`);
}

const EXPECTED: Record<FieldKind, string> = {
  string: "a string",
  boolean: "a boolean",
  count: "a whole number >= 0",
  timestamp: "a timestamp (an ISO date, a Date, or epoch milliseconds)",
  error: "an error object { ErrorType?, ErrorMessage?, ErrorData?, StackTrace? } of strings",
};

/**
 * The form Date.toISOString gives (and JSON, for a Date), told apart without Date.parse: about 0.05 us against
 * 0.35 us, twice per operation of every event (`npm run bench`'s replay events, Node 20). Every string it matches is one Date.parse accepts;
 * any other string still goes to Date.parse.
 */
const ISO_INSTANT = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3})?Z$/;

/** A wire Timestamp (interpreter/wire.ts): an ISO date in JSON events, a Date from client-lambda, epoch milliseconds. */
function isTimestamp(value: unknown): boolean {
  if (typeof value === "string" && ISO_INSTANT.test(value)) return true;
  return (value instanceof Date || typeof value === "number" || typeof value === "string") && Number.isFinite(epochMillis(value));
}

function isErrorObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { ErrorType, ErrorMessage, ErrorData, StackTrace } = value as Record<string, unknown>;
  const optionalString = (field: unknown) => field === undefined || field === null || typeof field === "string";
  return optionalString(ErrorType) && optionalString(ErrorMessage) && optionalString(ErrorData) && (StackTrace === undefined || StackTrace === null || (Array.isArray(StackTrace) && StackTrace.every((line) => typeof line === "string")));
}
