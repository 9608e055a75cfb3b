import { DurableOperationError, type ErrorDetails } from "../dsl/errors";
import type { ErrorObject } from "./wire";

const MAX_STACK_FRAMES = 10;

/**
 * The wire form of something a workflow or step threw. A DurableOperationError keeps the type it was recorded
 * with, so an error that crosses several contexts still names its root cause.
 */
export function errorObjectOf(thrown: unknown): ErrorObject {
  if (thrown instanceof DurableOperationError) {
    return compact({ ErrorType: thrown.errorType, ErrorMessage: thrown.message, ErrorData: thrown.data, StackTrace: thrown.recordedStack?.slice() });
  }
  if (thrown instanceof Error) {
    const data = (thrown as { data?: unknown }).data;
    return compact({
      ErrorType: thrown.name,
      ErrorMessage: thrown.message,
      ErrorData: typeof data === "string" ? data : undefined,
      StackTrace: stackFrames(thrown.stack),
    });
  }
  return { ErrorType: "Error", ErrorMessage: `a non-Error value was thrown: ${String(thrown)}` };
}

export function detailsOf(error: ErrorObject | undefined, fallbackMessage: string): ErrorDetails {
  return {
    errorType: error?.ErrorType ?? "Error",
    message: error?.ErrorMessage ?? fallbackMessage,
    data: error?.ErrorData,
    stackTrace: error?.StackTrace,
  };
}

/** What a thrown non-Error value becomes when it must be handled as an Error (by a retry strategy, say). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(`a non-Error value was thrown: ${String(thrown)}`);
}

function stackFrames(stack: string | undefined): string[] | undefined {
  if (stack === undefined) return undefined;
  const frames = stack.split("\n").filter((line) => line.startsWith("    at ")).slice(0, MAX_STACK_FRAMES);
  return frames.length === 0 ? undefined : frames.map((line) => line.trim());
}

function compact(error: ErrorObject): ErrorObject {
  const result: ErrorObject = {};
  if (error.ErrorType !== undefined) result.ErrorType = error.ErrorType;
  if (error.ErrorMessage !== undefined) result.ErrorMessage = error.ErrorMessage;
  if (error.ErrorData !== undefined) result.ErrorData = error.ErrorData;
  if (error.StackTrace !== undefined) result.StackTrace = error.StackTrace;
  return result;
}
