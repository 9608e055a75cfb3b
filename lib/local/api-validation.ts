import { describe } from "../../dsl/describe";
import type { ErrorObject, OperationUpdate } from "../../interpreter/wire";
import { LIMITS } from "../../interpreter/wire";

/** A request AWS's API model refuses; served as 400 InvalidParameterValueException naming the field. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidParameterValueException";
  }
}

/** An operation's id and parent id: 1 to 64 of [a-zA-Z0-9-_]. */
const OPERATION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_NAME = 256;
const MAX_SUB_TYPE = 32;
/** The longest wait, retry delay and callback timeout the service takes: a leap year, in seconds. */
const MAX_SECONDS = 31_622_400;
const TYPES = new Set(["EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"]);
const ACTIONS = new Set(["START", "SUCCEED", "FAIL", "RETRY", "CANCEL"]);
const UPDATE_FIELDS = new Set(["Id", "ParentId", "Name", "Type", "SubType", "Action", "Payload", "Error", "ContextOptions", "StepOptions", "WaitOptions", "CallbackOptions", "ChainedInvokeOptions"]);

/** Which options an update may carry: only with its Type, and (but for ContextOptions) its Action. */
const OPTIONS: Readonly<Record<string, { type: string; actions: readonly string[]; fields: Readonly<Record<string, (value: unknown, where: string) => void>> }>> = {
  ContextOptions: { type: "CONTEXT", actions: ["START", "SUCCEED", "FAIL"], fields: { ReplayChildren: boolean } },
  StepOptions: { type: "STEP", actions: ["RETRY"], fields: { NextAttemptDelaySeconds: seconds(1) } },
  WaitOptions: { type: "WAIT", actions: ["START"], fields: { WaitSeconds: seconds(1) } },
  CallbackOptions: { type: "CALLBACK", actions: ["START"], fields: { TimeoutSeconds: seconds(0), HeartbeatTimeoutSeconds: seconds(0) } },
  ChainedInvokeOptions: { type: "CHAINED_INVOKE", actions: ["START"], fields: { FunctionName: text(1, 170), TenantId: text(1, 256) } },
};

/** Checks a CheckpointDurableExecution body field by field, as the API model does; returns it typed. */
export function checkCheckpointRequest(parsed: unknown): { token: string; updates: OperationUpdate[] } {
  if (!isRecord(parsed)) throw new InvalidRequestError(`the checkpoint request must be a JSON object, got ${describe(parsed)}`);
  for (const key of Object.keys(parsed)) {
    if (key !== "CheckpointToken" && key !== "Updates" && key !== "ClientToken") throw new InvalidRequestError(`the checkpoint request has an unknown field ${JSON.stringify(key)}`);
  }
  const { CheckpointToken, Updates = [] } = parsed;
  if (typeof CheckpointToken !== "string" || CheckpointToken === "" || CheckpointToken.length > 2048) throw new InvalidRequestError(`CheckpointToken must be a non-empty string, got ${describe(CheckpointToken)}`);
  if (!Array.isArray(Updates)) throw new InvalidRequestError(`Updates must be an array, got ${describe(Updates)}`);
  if (Updates.length > LIMITS.updatesPerCheckpoint) throw new InvalidRequestError(`Updates has ${Updates.length} updates; at most ${LIMITS.updatesPerCheckpoint} per call`);
  Updates.forEach((update: unknown, index) => checkUpdate(update, `Updates[${index}]`));
  return { token: CheckpointToken, updates: Updates as OperationUpdate[] };
}

function checkUpdate(update: unknown, where: string): void {
  if (!isRecord(update)) throw new InvalidRequestError(`${where} must be an object, got ${describe(update)}`);
  for (const field of ["Id", "Type", "Action"]) {
    if (typeof update[field] !== "string" || update[field] === "") throw new InvalidRequestError(`${where}.${field} must be a non-empty string, got ${describe(update[field])}`);
  }
  for (const field of ["ParentId", "Name", "SubType", "Payload"]) {
    if (update[field] !== undefined && typeof update[field] !== "string") throw new InvalidRequestError(`${where}.${field} must be a string, got ${describe(update[field])}`);
  }
  for (const key of Object.keys(update)) if (!UPDATE_FIELDS.has(key)) throw new InvalidRequestError(`${where} has an unknown field ${JSON.stringify(key.slice(0, 64))}`);
  const { Id, ParentId, Name, Type, SubType, Action } = update as Record<string, string>;
  if (!OPERATION_ID.test(Id!)) throw new InvalidRequestError(`${where}.Id must be 1 to 64 of [a-zA-Z0-9-_], got ${clip(Id!)}`);
  if (ParentId !== undefined && !OPERATION_ID.test(ParentId)) throw new InvalidRequestError(`${where}.ParentId must be 1 to 64 of [a-zA-Z0-9-_], got ${clip(ParentId)}`);
  if (Name !== undefined && (Name.length < 1 || Name.length > MAX_NAME)) throw new InvalidRequestError(`${where}.Name must be 1 to ${MAX_NAME} characters, got ${Name.length}`);
  if (SubType !== undefined && (SubType.length < 1 || SubType.length > MAX_SUB_TYPE)) throw new InvalidRequestError(`${where}.SubType must be 1 to ${MAX_SUB_TYPE} characters, got ${clip(SubType)}`);
  if (!TYPES.has(Type!)) throw new InvalidRequestError(`${where}.Type must be one of ${[...TYPES].join(", ")}, got ${clip(Type!)}`);
  if (!ACTIONS.has(Action!)) throw new InvalidRequestError(`${where}.Action must be one of ${[...ACTIONS].join(", ")}, got ${clip(Action!)}`);
  if (update.Error !== undefined) checkErrorObject(update.Error, `${where}.Error`);
  for (const [field, rule] of Object.entries(OPTIONS)) {
    const options = update[field];
    if (options === undefined) continue;
    if (Type !== rule.type || !rule.actions.includes(Action!)) throw new InvalidRequestError(`${where}.${field} only goes with ${rule.type} ${rule.actions.join("/")}, not ${Type} ${Action}`);
    if (!isRecord(options)) throw new InvalidRequestError(`${where}.${field} must be an object, got ${describe(options)}`);
    for (const [key, value] of Object.entries(options)) {
      const check = rule.fields[key];
      if (check === undefined) throw new InvalidRequestError(`${where}.${field} has an unknown field ${JSON.stringify(key.slice(0, 64))}`);
      if (value !== undefined) check(value, `${where}.${field}.${key}`);
    }
  }
  if (Type === "CHAINED_INVOKE" && Action === "START" && typeof (update.ChainedInvokeOptions as Record<string, unknown> | undefined)?.FunctionName !== "string") {
    throw new InvalidRequestError(`${where}: a CHAINED_INVOKE START needs ChainedInvokeOptions.FunctionName`);
  }
  const payload = update.Payload as string | undefined;
  // The EXECUTION's SUCCEED carries a workflow result too large for the invocation's answer: the body limit bounds it.
  if (payload !== undefined && Type !== "EXECUTION" && payload.length * 3 > LIMITS.operationPayloadBytes) {
    const bytes = Buffer.byteLength(payload);
    if (bytes > LIMITS.operationPayloadBytes) throw new InvalidRequestError(`${where}.Payload (Id ${Id}) is ${bytes} bytes; the limit for one operation is ${LIMITS.operationPayloadBytes}`);
  }
}

/** An ErrorObject: ErrorType, ErrorMessage and ErrorData strings, StackTrace an array of strings, nothing else. */
export function checkErrorObject(value: unknown, where: string): ErrorObject {
  if (!isRecord(value)) throw new InvalidRequestError(`${where} must be an error object ({ ErrorType, ErrorMessage, ErrorData, StackTrace }), got ${describe(value)}`);
  for (const [key, field] of Object.entries(value)) {
    if (key === "StackTrace") {
      if (!Array.isArray(field) || field.some((line) => typeof line !== "string")) throw new InvalidRequestError(`${where}.StackTrace must be an array of strings, got ${describe(field)}`);
    } else if (key === "ErrorType" || key === "ErrorMessage" || key === "ErrorData") {
      if (field !== undefined && typeof field !== "string") throw new InvalidRequestError(`${where}.${key} must be a string, got ${describe(field)}`);
    } else {
      throw new InvalidRequestError(`${where} has an unknown field ${JSON.stringify(key.slice(0, 64))}`);
    }
  }
  return value as ErrorObject;
}

function seconds(min: number): (value: unknown, where: string) => void {
  return (value, where) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > MAX_SECONDS) {
      throw new InvalidRequestError(`${where} must be a whole number of seconds from ${min} to ${MAX_SECONDS}, got ${describe(value)}`);
    }
  };
}

function text(min: number, max: number): (value: unknown, where: string) => void {
  return (value, where) => {
    if (typeof value !== "string" || value.length < min || value.length > max) throw new InvalidRequestError(`${where} must be a string of ${min} to ${max} characters, got ${typeof value === "string" ? `${value.length} characters` : describe(value)}`);
  };
}

function boolean(value: unknown, where: string): void {
  if (typeof value !== "boolean") throw new InvalidRequestError(`${where} must be true or false, got ${describe(value)}`);
}

function clip(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value) + (value.length > 80 ? ` (${value.length} characters)` : "");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
