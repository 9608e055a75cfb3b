import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { ErrorObject, OperationUpdate } from "../../interpreter/wire";

/**
 * Every change to the service's executions, in the order it happened, with the service's time. Replaying the
 * changes in order rebuilds the executions exactly: the service is event-sourced from this list.
 */
export type Change = { readonly arn: string; readonly at: number } & (
  | { readonly type: "start"; readonly functionName: string; readonly input: string | undefined; readonly timeoutSeconds: number; readonly callbackSecret?: string }
  | { readonly type: "checkpoint"; readonly token: string; readonly updates: readonly OperationUpdate[] }
  | { readonly type: "wait-elapsed"; readonly operationId: string }
  | { readonly type: "retry-ready"; readonly operationId: string }
  | { readonly type: "callback-succeeded"; readonly callbackId: string; readonly result: string | undefined }
  | { readonly type: "callback-failed"; readonly callbackId: string; readonly error: ErrorObject }
  | { readonly type: "callback-timed-out"; readonly callbackId: string; readonly kind: "Callback.Timeout" | "Callback.Heartbeat" }
  | { readonly type: "callback-heartbeat"; readonly callbackId: string }
  | { readonly type: "invoke-completed"; readonly operationId: string; readonly result?: string; readonly error?: ErrorObject }
  | { readonly type: "invocation-started"; readonly requestId: string }
  | { readonly type: "invocation-completed"; readonly status: string | undefined; readonly error?: ErrorObject }
  | { readonly type: "finished"; readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED"; readonly result?: string; readonly error?: ErrorObject }
);

/** A journal line that is not a change, before the last line (the last may be torn by a crash mid-write). */
export class JournalCorruptError extends Error {
  constructor(file: string, line: number, reason: string) {
    super(`${file} line ${line} is corrupt (${reason}); the journal cannot be replayed past it`);
    this.name = "JournalCorruptError";
  }
}

/**
 * The changes on disk, one JSON line each, appended and flushed (fdatasync) before the service acknowledges them:
 * a change the service answered for survives kill -9.
 */
export class Journal {
  readonly file: string;
  /** How many bytes of a torn last line the last `read` cut off (a write that a crash interrupted). */
  tornBytes = 0;
  private fd: number | undefined;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true });
    this.file = join(directory, "journal.ndjson");
  }

  /** The changes recorded so far; a torn last line (never acknowledged) is dropped and cut off the file. */
  read(): Change[] {
    if (!existsSync(this.file)) return [];
    const bytes = readFileSync(this.file);
    const end = bytes.lastIndexOf(10) + 1;
    this.tornBytes = bytes.length - end;
    if (end < bytes.length) truncateSync(this.file, end);
    const complete = bytes.subarray(0, end).toString("utf8").split("\n").slice(0, -1);
    const changes: Change[] = [];
    complete.forEach((line, index) => {
      try {
        const change = JSON.parse(line) as Change;
        if (typeof change?.type !== "string" || typeof change.arn !== "string" || typeof change.at !== "number") throw new Error("not a change");
        changes.push(change);
      } catch (error) {
        throw new JournalCorruptError(this.file, index + 1, (error as Error).message);
      }
    });
    return changes;
  }

  append(change: Change): void {
    this.fd ??= openSync(this.file, "a");
    writeSync(this.fd, `${JSON.stringify(change)}\n`);
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
