import { createHash } from "node:crypto";
import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { ErrorObject, Operation } from "../../interpreter/wire";
import type { HistoryEvent } from "./events";
import type { ExecutionStatus, InvocationRecord } from "./execution-records";

/** What the service keeps in memory of a finished execution once it is archived: enough for List and for names. */
export interface ArchivedSummary {
  readonly arn: string;
  readonly name: string;
  readonly functionName: string;
  readonly status: Exclude<ExecutionStatus, "RUNNING">;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly inputDigest: string;
  readonly invokedBy?: { readonly arn: string; readonly operationId: string };
}

/** A finished execution in full, as its archive file holds it. */
export interface ArchiveRecord {
  readonly summary: ArchivedSummary;
  readonly result: string | undefined;
  readonly error: ErrorObject | undefined;
  readonly operations: readonly Operation[];
  readonly events: readonly HistoryEvent[];
  readonly invocations: readonly InvocationRecord[];
}

/**
 * Finished executions on disk, a file each, so that they leave the service's memory and its journal (which then
 * keeps one `archived` record for each) and stay readable through Get, List and History.
 */
export class ExecutionArchive {
  readonly directory: string;

  constructor(dataDirectory: string) {
    this.directory = join(dataDirectory, "executions");
  }

  /** Writes the record whole and flushed, beside its final name and renamed to it: a crash leaves no torn archive. */
  write(record: ArchiveRecord): void {
    const file = this.fileOf(record.summary.arn);
    const next = `${file}.writing`;
    const bytes = Buffer.from(JSON.stringify(record));
    mkdirSync(this.directory, { recursive: true });
    const fd = openSync(next, "w");
    try {
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(next, file);
  }

  read(arn: string): ArchiveRecord {
    const text = readFileSync(this.fileOf(arn), "utf8");
    return JSON.parse(text, (key, value: unknown) => (key.endsWith("Timestamp") || key === "start" || key === "end") && typeof value === "string" ? new Date(value) : value) as ArchiveRecord;
  }

  /** Flushes the directory, so the renames of the archives written so far survive a crash (before compaction relies on them). */
  sync(): void {
    mkdirSync(this.directory, { recursive: true });
    const fd = openSync(this.directory, "r");
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private fileOf(arn: string): string {
    return join(this.directory, `${createHash("sha256").update(arn).digest("hex").slice(0, 40)}.json`);
  }
}
