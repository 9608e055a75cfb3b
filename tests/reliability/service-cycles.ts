// Cycles of the ordinary ways a served journal meets trouble: Ctrl-C / SIGTERM while invocations run, a disk that
// fills up under callback answers, and clients that retry their Invoke with the same name.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, InvokeCommand, SendDurableExecutionCallbackSuccessCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { seededRandom } from "../../lib/local/faults";
import { eventually, lambdaClient, serveProcess } from "./serve-process";

export interface CycleReport {
  readonly cycles: number;
  readonly executions: number;
  /** Signals sent (graceful stops), or disk-full refusals (500 ServiceException) seen. */
  readonly faults: number;
  /** Invokes repeated with a name already used: each must answer the same execution. */
  readonly sameNameRetries: number;
  readonly problems: readonly string[];
  readonly skipped?: string;
}

const SLOW = "slow=tests/e2e/fixtures/slow-steps.ts#slow";

/** `cycles` times: start executions (and repeat earlier Invokes by name), stop the service with SIGINT or SIGTERM mid-invocation, expect exit 0; then every execution must succeed without a recorded crash. */
export async function stopCycles(seed: number, cycles: number, perCycle = 4, steps = 15): Promise<CycleReport> {
  const random = seededRandom(seed);
  const data = mkdtempSync(join(tmpdir(), "durable-stops-"));
  const arns = new Map<string, string>();
  const problems: string[] = [];
  let retries = 0;
  for (let cycle = 0; cycle <= cycles; cycle++) {
    const serve = serveProcess(["--data", data, "--function", SLOW, "--quiet"]);
    let lambda: LambdaClient | undefined;
    try {
      lambda = lambdaClient(await serve.endpoint);
      for (const [name, arn] of [...arns].slice(0, 3)) {
        const again = await lambda.send(new InvokeCommand({ FunctionName: "slow", InvocationType: "Event", DurableExecutionName: name, Payload: Buffer.from(JSON.stringify({ steps })) }));
        retries++;
        if (again.DurableExecutionArn !== arn) problems.push(`cycle ${cycle}: Invoke named ${name} again answered ${again.DurableExecutionArn}, not ${arn}`);
      }
      if (cycle === cycles) {
        problems.push(...await checkSucceeded(lambda, [...arns.values()], String((steps * (steps - 1)) / 2)));
        break;
      }
      for (let i = 0; i < perCycle; i++) {
        const name = `s${cycle}-${i}`;
        const started = await lambda.send(new InvokeCommand({ FunctionName: "slow", InvocationType: "Event", DurableExecutionName: name, Payload: Buffer.from(JSON.stringify({ steps })) }));
        arns.set(name, started.DurableExecutionArn!);
      }
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(random() * 400)));
      lambda.destroy();
      lambda = undefined;
      const signal = random() < 0.5 ? "SIGINT" : "SIGTERM";
      serve.signal(signal);
      const exit = await serve.exited;
      if (exit.code !== 0) problems.push(`cycle ${cycle}: ${signal} ended the service with ${JSON.stringify(exit)}: ${serve.output().slice(-300)}`);
    } catch (error) {
      problems.push(`cycle ${cycle}: ${(error as Error).message}`);
      break;
    } finally {
      lambda?.destroy();
      await serve.kill();
    }
  }
  return { cycles, executions: arns.size, faults: cycles, sameNameRetries: retries, problems };
}

async function checkSucceeded(lambda: LambdaClient, arns: string[], result: string): Promise<string[]> {
  const problems: string[] = [];
  for (const arn of arns) {
    const done = await eventually(async () => {
      const execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      return execution.Status === "RUNNING" ? undefined : execution;
    }, 60_000, `${arn} ending`).catch((error: Error) => ({ Status: error.message, Result: undefined, Error: undefined }));
    if (done.Status !== "SUCCEEDED" || done.Result !== result) problems.push(`${arn} ended ${done.Status} ${done.Result ?? JSON.stringify(done.Error)}`);
    const events = (await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events ?? [];
    const crashed = events.filter((event) => event.InvocationCompletedDetails?.Error?.Payload !== undefined).length;
    if (crashed > 0) problems.push(`${arn}: ${crashed} invocations recorded as crashed (a stop counted as a crash)`);
  }
  return problems;
}

/**
 * `cycles` times on a small tmpfs: an execution waits for its callback; the disk is filled and a large answer is
 * sent (it must be refused with 500, never acknowledged); the disk is freed and the real answer sent. After a
 * kill -9 and restart, every execution holds the acknowledged answer only.
 */
export async function diskFullCycles(cycles: number): Promise<CycleReport> {
  const disk = mkdtempSync(join(tmpdir(), "durable-fullness-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${4 * 1024 * 1024}`, "tmpfs", disk], { stdio: "ignore" });
  } catch {
    return { cycles: 0, executions: 0, faults: 0, sameNameRetries: 0, problems: [], skipped: "mounting a tmpfs is not allowed here" };
  }
  const data = join(disk, "data");
  mkdirSync(data);
  const problems: string[] = [];
  const arns: string[] = [];
  let refusals = 0;
  let serve = serveProcess(["--data", data, "--function", "approval=tests/e2e/fixtures/approval.ts", "--quiet"]);
  let lambda = lambdaClient(await serve.endpoint);
  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const { DurableExecutionArn: arn } = await lambda.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: `full-${cycle}`, Payload: Buffer.from(JSON.stringify({ id: `o-${cycle}` })) }));
      arns.push(arn!);
      const callbackId = await eventually(async () => ((await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events ?? []).find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId);
      const filler = fill(disk);
      const refused = await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(JSON.stringify({ ok: false, pad: "p".repeat(200 * 1024) })) })).then(() => undefined, (error: Error) => error);
      if (refused?.name === "ServiceException") refusals++;
      else problems.push(`cycle ${cycle}: an answer on a full disk was ${refused === undefined ? "acknowledged" : `refused with ${refused.name}`}`);
      rmSync(filler);
      await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('{"ok": true}') }));
    }
    lambda.destroy();
    await serve.kill();
    serve = serveProcess(["--data", data, "--function", "approval=tests/e2e/fixtures/approval.ts", "--quiet"]);
    lambda = lambdaClient(await serve.endpoint);
    for (const [index, arn] of arns.entries()) {
      const done = await eventually(async () => {
        const execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
        return execution.Status === "RUNNING" ? undefined : execution;
      }, 30_000, `${arn} ending`);
      const expected = JSON.stringify({ checked: `checked o-${index}`, ok: true });
      if (done.Status !== "SUCCEEDED" || done.Result !== expected) problems.push(`${arn} ended ${done.Status} ${done.Result} instead of ${expected}`);
    }
  } catch (error) {
    problems.push((error as Error).message);
  } finally {
    lambda.destroy();
    await serve.kill();
    execFileSync("umount", ["-l", disk], { stdio: "ignore" });
  }
  return { cycles, executions: arns.length, faults: refusals, sameNameRetries: 0, problems };
}

/** Fills the file system under `dir` to the last byte; returns the file to delete to free it. */
export function fill(dir: string): string {
  const filler = join(dir, "filler");
  const chunk = Buffer.alloc(64 * 1024, 1);
  writeFileSync(filler, "");
  for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
    try {
      for (;;) writeFileSync(filler, chunk.subarray(0, size), { flag: "a" });
    } catch {
      // full at this size: smaller pieces may still fit
    }
  }
  return filler;
}
