import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import type { ErrorObject, OperationUpdate } from "../../interpreter/wire";
import type { ArchivedSummary } from "./archive";

/**
 * Every change to the service's executions, in the order it happened, with the service's time. Replaying the
 * changes in order rebuilds the executions exactly: the service is event-sourced from this list. An `archived`
 * record stands for a finished execution whose changes were folded into its archive file (see compaction).
 */
export type Change = { readonly arn: string; readonly at: number } & (
  | { readonly type: "start"; readonly functionName: string; readonly name: string; readonly input: string | undefined; readonly timeoutSeconds: number; readonly callbackSecret: string; readonly token: string; readonly invokedBy?: { readonly arn: string; readonly operationId: string } }
  | { readonly type: "checkpoint"; readonly token: string; readonly nextToken: string; readonly updates: readonly OperationUpdate[] }
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
  | { readonly type: "archived"; readonly summary: ArchivedSummary }
);

export type ChangeType = Change["type"];

const CHANGE_TYPES: ReadonlySet<string> = new Set<ChangeType>([
  "start", "checkpoint", "wait-elapsed", "retry-ready", "callback-succeeded", "callback-failed", "callback-timed-out",
  "callback-heartbeat", "invoke-completed", "invocation-started", "invocation-completed", "finished", "archived",
]);

/** The format this code writes; the first line of every journal says which one it holds. */
export const JOURNAL_VERSION = 2;
const HEADER = `${JSON.stringify({ journal: "durable-gen", version: JOURNAL_VERSION })}\n`;
const READ_CHUNK = 1 << 20;

/** A journal line that cannot be replayed: foreign, edited, of an unknown type, or refused by the service. */
export class JournalCorruptError extends Error {
  constructor(file: string, line: number, reason: string) {
    super(`${file} line ${line} is corrupt (${reason}); the journal cannot be replayed past it`);
    this.name = "JournalCorruptError";
  }
}

/**
 * The journal could not record a change (disk full, read-only, an I/O error): nothing was applied or
 * acknowledged. Served as 500 ServiceException, which clients retry, as AWS's own.
 */
export class JournalWriteError extends Error {
  readonly code: string | undefined;
  constructor(file: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    super(`the service could not record the change in ${file} (${code ?? (cause as Error)?.message ?? String(cause)}); nothing was applied, try again`);
    this.name = "ServiceException";
    this.code = code;
  }
}

/** The few file calls the journal writes with; a test may pass its own to simulate a short write. */
export interface JournalIo {
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fdatasyncSync(fd: number): void;
}

const NODE_IO: JournalIo = { writeSync: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length), fdatasyncSync };

/**
 * The changes on disk: a version header, then one record per line, `<crc32 hex> <change as JSON>`. A record is
 * written whole (short writes looped) and flushed (fdatasync) before the service applies or acknowledges it, so a
 * change the service answered for survives kill -9; a record that failed to be written is cut off again.
 */
export class Journal {
  readonly file: string;
  /** How many bytes of a torn last line the last `read` cut off (a write that a crash interrupted). */
  tornBytes = 0;
  /** How many appends failed on storage since this journal was opened. */
  failures = 0;
  private fd: number | undefined;
  /** The file's length after the last complete record: what a failed write is cut back to. */
  private length = 0;
  private closed = false;

  constructor(readonly directory: string, private readonly io: JournalIo = NODE_IO) {
    mkdirSync(directory, { recursive: true });
    this.file = join(directory, "journal.ndjson");
  }

  /** The changes recorded so far, read as a stream; a torn last line (never acknowledged) is cut off the file. */
  *records(): Generator<{ change: Change; line: number }> {
    this.tornBytes = 0;
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, "r+");
    try {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      let carry: Buffer = Buffer.alloc(0);
      let offset = 0;
      let line = 0;
      for (;;) {
        const read = readSync(fd, chunk, 0, READ_CHUNK, offset);
        if (read === 0) break;
        offset += read;
        let data = carry.length === 0 ? chunk.subarray(0, read) : Buffer.concat([carry, chunk.subarray(0, read)]);
        for (let end = data.indexOf(10); end >= 0; end = data.indexOf(10)) {
          line++;
          const text = data.subarray(0, end).toString("utf8");
          data = data.subarray(end + 1);
          if (line === 1) checkHeader(this.file, text);
          else yield { change: parseRecord(this.file, line, text), line };
        }
        carry = Buffer.from(data);
      }
      this.tornBytes = carry.length;
      if (carry.length > 0) {
        if (line === 0) checkHeader(this.file, carry.toString("utf8"), true);
        ftruncateSync(fd, offset - carry.length);
      }
    } finally {
      closeSync(fd);
    }
  }

  read(): Change[] {
    return [...this.records()].map(({ change }) => change);
  }

  /** Serializes and durably appends one change; throws (touching nothing) when it cannot be recorded. */
  append(change: Change): void {
    if (this.closed) throw new JournalWriteError(this.file, new Error("the journal is closed: the service is stopping"));
    const record = Buffer.from(recordOf(change));
    try {
      const fd = this.open();
      this.writeWhole(fd, record);
      this.io.fdatasyncSync(fd);
      this.length += record.length;
    } catch (error) {
      this.failures++;
      this.cutBack();
      throw new JournalWriteError(this.file, error);
    }
  }

  /**
   * Replaces the whole journal with `changes` (compaction): written to a file beside it, flushed, and renamed
   * over it, so a crash leaves either the old journal or the new one, never a mix.
   */
  rewrite(changes: Iterable<Change>): void {
    if (this.closed) throw new JournalWriteError(this.file, new Error("the journal is closed: the service is stopping"));
    const next = `${this.file}.compacting`;
    let fd: number | undefined;
    try {
      fd = openSync(next, "w");
      let length = 0;
      const header = Buffer.from(HEADER);
      this.writeWhole(fd, header);
      length += header.length;
      for (const change of changes) {
        const record = Buffer.from(recordOf(change));
        this.writeWhole(fd, record);
        length += record.length;
      }
      this.io.fdatasyncSync(fd);
      closeSync(fd);
      fd = undefined;
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      renameSync(next, this.file);
      syncDirectory(this.directory);
      this.length = length;
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      throw new JournalWriteError(next, error);
    }
  }

  /** After this, appends are refused: a stopping service records nothing more. */
  close(): void {
    this.closed = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    const fd = openSync(this.file, "a");
    const size = fstatSync(fd).size;
    if (size === 0) {
      const header = Buffer.from(HEADER);
      try {
        this.writeWhole(fd, header);
        this.io.fdatasyncSync(fd);
      } catch (error) {
        ftruncateSync(fd, 0);
        closeSync(fd);
        throw error;
      }
      this.length = header.length;
    } else {
      this.length = size;
    }
    this.fd = fd;
    return fd;
  }

  private writeWhole(fd: number, bytes: Buffer): void {
    for (let written = 0; written < bytes.length;) {
      const count = this.io.writeSync(fd, bytes, written, bytes.length - written);
      if (count <= 0) throw Object.assign(new Error("the file system wrote nothing"), { code: "EIO" });
      written += count;
    }
  }

  /** Cuts a partly written record off again; when even that fails, the file is reopened (and cut) next time. */
  private cutBack(): void {
    if (this.fd === undefined) return;
    try {
      ftruncateSync(this.fd, this.length);
    } catch {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

function recordOf(change: Change): string {
  const json = JSON.stringify(change);
  return `${crc32(json).toString(16).padStart(8, "0")} ${json}\n`;
}

function checkHeader(file: string, text: string, torn = false): void {
  let header: { journal?: unknown; version?: unknown } | undefined;
  try {
    header = JSON.parse(text) as typeof header;
  } catch {
    header = undefined;
  }
  if (header?.journal !== "durable-gen" || typeof header.version !== "number") {
    throw new JournalCorruptError(file, 1, torn ? "a torn version header" : "no durable-gen journal version header: a foreign file, or one written before journals had versions");
  }
  if (header.version !== JOURNAL_VERSION) throw new JournalCorruptError(file, 1, `journal version ${header.version}; this version of durable-gen reads version ${JOURNAL_VERSION}`);
}

function parseRecord(file: string, line: number, text: string): Change {
  const match = /^([0-9a-f]{8}) (.*)$/s.exec(text);
  if (match === null) throw new JournalCorruptError(file, line, "not a checksummed record");
  const json = match[2]!;
  if (crc32(json) !== parseInt(match[1]!, 16)) throw new JournalCorruptError(file, line, "the checksum does not match: the record was edited or damaged");
  let change: Change;
  try {
    change = JSON.parse(json) as Change;
  } catch (error) {
    throw new JournalCorruptError(file, line, (error as Error).message);
  }
  if (typeof change?.arn !== "string" || typeof change.at !== "number") throw new JournalCorruptError(file, line, "not a change");
  if (!CHANGE_TYPES.has(change.type)) throw new JournalCorruptError(file, line, `unknown change type ${JSON.stringify(change.type)}`);
  return change;
}

function syncDirectory(directory: string): void {
  const fd = openSync(directory, "r");
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
