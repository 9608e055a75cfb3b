import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, InvokeCommand, ListDurableExecutionsByFunctionCommand, SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import { waitForCallback, workflow } from "../../lib/index";
import { Journal, JournalWriteError, type JournalIo } from "../../lib/local/journal";
import { LocalService } from "../../lib/local/service";
import { eventually, lambdaClient, serveProcess } from "../reliability/serve-process";
import { fill } from "../reliability/service-cycles";
import { tempDir } from "../support/temp-dir";

/** A file system that writes short and then reports a full disk, while `full` says so. */
function fullDisk(): JournalIo & { full: boolean } {
  const io = {
    full: false,
    writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => {
      if (!io.full) return writeSync(fd, buffer, offset, length);
      if (length > 1) return writeSync(fd, buffer, offset, Math.floor(length / 2));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    },
    fdatasyncSync: () => {},
  };
  return io;
}

test("a short write then ENOSPC (simulated): the append throws JournalWriteError, the half record is cut off, nothing is applied; a closed journal refuses appends instead of reopening", async () => {
  const dir = tempDir("durable-full-");
  const io = fullDisk();
  const journal = new Journal(dir, io);
  const service = new LocalService({ journal });
  service.register("ask", workflow("ask", function* () {
    return yield* waitForCallback<string>("answer", () => {});
  }));
  const execution = service.start("ask", undefined, "ask-1");
  const callbackId = await eventually(() => execution.all().find((operation) => operation.Type === "CALLBACK")?.CallbackDetails?.CallbackId);
  const before = statSync(journal.file).size;
  io.full = true;
  assert.throws(() => service.succeedCallback(callbackId, JSON.stringify("x".repeat(200 * 1024))), (error: Error) => error instanceof JournalWriteError && error.name === "ServiceException" && /ENOSPC/.test(error.message));
  assert.is(statSync(journal.file).size, before, "the half-written record was cut off");
  assert.is(execution.byCallbackId(callbackId).Status, "STARTED", "nothing was applied");
  io.full = false;
  service.succeedCallback(callbackId, '"second"');
  assert.is((await service.result(execution.executionArn)).result, '"second"');
  service.close();
  assert.throws(() => journal.append({ type: "wait-elapsed", arn: execution.executionArn, at: 1, operationId: "x" }), /the journal is closed/);
  const replayed = new Journal(dir).read();
  assert.equal(replayed.filter((change) => change.type === "callback-succeeded").map((change) => (change as { result?: string }).result), ['"second"'], "only the acknowledged answer is in the journal");
});

/** A small tmpfs at a new directory, or undefined where this machine does not allow mounting. */
function smallDisk(bytes: number): { dir: string; unmount: () => void } | undefined {
  const dir = tempDir("durable-tmpfs-");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  return { dir, unmount: () => execFileSync("umount", ["-l", dir], { stdio: "ignore" }) };
}

test("serve --data on a full tmpfs (real process): a 200 KB callback answer is 500 ServiceException, not acknowledged; a wait's timer waits for space instead of killing the process; after a kill -9 and restart only the acknowledged answer counts", async () => {
  const disk = smallDisk(2 * 1024 * 1024);
  if (disk === undefined) return console.log("  (skipped: mounting a tmpfs is not allowed here; the simulated short write above covers the journal)");
  const data = join(disk.dir, "data");
  mkdirSync(data);
  let serve = serveProcess(["--data", data, "--function", "approval=tests/e2e/fixtures/approval.ts", "--quiet"]);
  let lambda = lambdaClient(await serve.endpoint);
  try {
    const { DurableExecutionArn: arn } = await lambda.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: "full-disk", Payload: Buffer.from('{"id":"o-1"}') }));
    const history = async () => (await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events ?? [];
    const callbackId = await eventually(async () => (await history()).find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId);
    let filler = fill(disk.dir);
    const refused = await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(JSON.stringify({ ok: false, pad: "p".repeat(200 * 1024) })) })).then(() => undefined, (error: Error & { $metadata?: { httpStatusCode?: number } }) => error);
    assert.is(refused?.name, "ServiceException", "a full disk is the service's fault, retryable");
    assert.is(refused?.$metadata?.httpStatusCode, 500);
    rmSync(filler);
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('{"ok": true}') }));
    await eventually(async () => ((await history()).some((event) => event.EventType === "WaitStarted") ? true : undefined));
    filler = fill(disk.dir);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.is(await Promise.race([serve.exited.then(() => "exited"), new Promise((resolve) => setTimeout(() => resolve("alive"), 100))]), "alive", `the wait's timer fired on a full disk: ${serve.output()}`);
    rmSync(filler);
    const done = await eventually(async () => {
      const execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      return execution.Status === "RUNNING" ? undefined : execution;
    });
    assert.is(done.Status, "SUCCEEDED");
    assert.equal(JSON.parse(done.Result!), { checked: "checked o-1", ok: true });

    const listed = (await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "approval" }))).DurableExecutions ?? [];
    assert.equal(listed.map((execution) => execution.DurableExecutionName), ["full-disk"]);
    lambda.destroy();
    await serve.kill();
    serve = serveProcess(["--data", data, "--function", "approval=tests/e2e/fixtures/approval.ts", "--quiet"]);
    lambda = lambdaClient(await serve.endpoint);
    const after = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    assert.is(after.Status, "SUCCEEDED");
    assert.equal(JSON.parse(after.Result!), { checked: "checked o-1", ok: true }, "the refused answer never counted");
    assert.not.match(serve.output(), /torn/, "no record was left half written");
    assert.ok(readFileSync(join(data, "journal.ndjson"), "utf8").startsWith('{"journal":"durable-gen","version":2}\n'));
  } finally {
    lambda.destroy();
    await serve.kill();
    disk.unmount();
  }
});

test("serve --data on a read-only file system (real process): Invoke answers 500 ServiceException and starts nothing; the process stays up", async () => {
  const disk = smallDisk(1024 * 1024);
  if (disk === undefined) return console.log("  (skipped: mounting a tmpfs is not allowed here)");
  const data = join(disk.dir, "data");
  mkdirSync(data);
  execFileSync("mount", ["-o", "remount,ro", disk.dir], { stdio: "ignore" });
  const serve = serveProcess(["--data", data, "--function", "approval=tests/e2e/fixtures/approval.ts", "--quiet"]);
  const lambda = lambdaClient(await serve.endpoint);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await lambda.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: "read-only", Payload: Buffer.from('{"id":"o-2"}') })).then(() => undefined, (error: Error & { $metadata?: { httpStatusCode?: number } }) => error);
      assert.is(refused?.name, "ServiceException", "a read-only disk is the service's fault, not the client's");
      assert.is(refused?.$metadata?.httpStatusCode, 500);
      assert.match(refused?.message ?? "", /EROFS/);
    }
    const listed = (await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "approval" }))).DurableExecutions ?? [];
    assert.equal(listed, [], "the refused Invokes started nothing");
  } finally {
    lambda.destroy();
    await serve.kill();
    disk.unmount();
  }
});

test.run();
