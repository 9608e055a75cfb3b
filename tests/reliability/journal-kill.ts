import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { seededRandom } from "../../lib/local/faults";
import { serveProcess, type ServeProcess } from "./serve-process";

export type Serve = Pick<ServeProcess, "endpoint" | "output" | "kill">;

/** `durable serve --data DIR --function SPEC --quiet` on a free port, as a process of its own. */
export function serveData(data: string, functionSpec: string, env: Record<string, string> = {}): Serve {
  return serveProcess(["--data", data, "--function", functionSpec, "--quiet"], env);
}

const clientOf = (endpoint: string) => new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });

export interface JournalKillReport {
  readonly kills: number;
  readonly executions: number;
  /** Acknowledged things missing after a restart, or wrong at the end; must be empty. */
  readonly problems: readonly string[];
  readonly acknowledgedEvents: number;
  /** Restarts that found a torn last record: the kill landed in the middle of a journal write. */
  readonly tornWrites: number;
}

/**
 * kill -9 of `durable serve --data` at seeded random moments while executions write their checkpoints, `cycles`
 * times. After every restart: the journal loads (no corrupt record), every execution whose start was acknowledged
 * is there, every history event read before the kill is still there, every step whose result was acknowledged
 * (the next step started) is recorded; at the end every execution completes with the right result.
 */
export async function journalKills(seed: number, cycles: number, perCycle = 2, steps = 40): Promise<JournalKillReport> {
  const random = seededRandom(seed);
  const data = mkdtempSync(join(tmpdir(), "durable-kill-"));
  const sideFile = join(data, "steps-started.txt");
  const acknowledged = new Map<string, string[]>();
  const problems: string[] = [];
  let acknowledgedEvents = 0;
  let tornWrites = 0;
  for (let cycle = 0; cycle <= cycles; cycle++) {
    const server = serveData(data, "load=tests/e2e/fixtures/journal-load.ts", { JOURNAL_SIDE_FILE: sideFile });
    let endpoint: string;
    try {
      endpoint = await server.endpoint;
    } catch (error) {
      problems.push(`restart ${cycle}: ${(error as Error).message}`);
      break;
    }
    if (/a torn last record/.test(server.output())) tornWrites++;
    const lambda = clientOf(endpoint);
    try {
      problems.push(...await checkRestored(lambda, acknowledged, sideFile, cycle));
      if (cycle === cycles) {
        problems.push(...await checkCompleted(lambda, [...acknowledged.keys()], steps));
        break;
      }
      for (let i = 0; i < perCycle; i++) {
        const started = await lambda.send(new InvokeCommand({ FunctionName: "load", InvocationType: "Event", DurableExecutionName: `c${cycle}-${i}`, Payload: Buffer.from(JSON.stringify({ id: `c${cycle}-${i}`, steps })) }));
        acknowledged.set(started.DurableExecutionArn!, []);
      }
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.floor(random() * 400)));
      const arns = [...acknowledged.keys()];
      const read = arns[Math.floor(random() * arns.length)]!;
      const events = (await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: read }))).Events ?? [];
      acknowledged.set(read, events.map((event) => `${event.EventId} ${event.EventType} ${event.Id ?? ""}`));
      acknowledgedEvents += events.length;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 100)));
    } finally {
      lambda.destroy();
      await server.kill();
    }
  }
  return { kills: cycles, executions: acknowledged.size, problems, acknowledgedEvents, tornWrites };
}

async function checkRestored(lambda: LambdaClient, acknowledged: Map<string, string[]>, sideFile: string, cycle: number): Promise<string[]> {
  const problems: string[] = [];
  const started = existsSync(sideFile) ? readFileSync(sideFile, "utf8").split("\n").filter(Boolean).map((line) => line.split(" ")) : [];
  for (const [arn, events] of acknowledged) {
    let history;
    try {
      history = (await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }))).Events ?? [];
    } catch (error) {
      problems.push(`restart ${cycle}: acknowledged execution ${arn} is gone (${(error as Error).name})`);
      continue;
    }
    const restored = history.map((event) => `${event.EventId} ${event.EventType} ${event.Id ?? ""}`);
    const missing = events.filter((event, index) => restored[index] !== event);
    if (missing.length > 0) problems.push(`restart ${cycle}: ${arn}: events read before the kill are not there: ${missing.slice(0, 3).join(", ")}`);
    const name = arn.split("/").at(-2)!;
    const highest = Math.max(-1, ...started.filter(([execution]) => execution === name).map(([, index]) => Number(index)));
    const succeeded = new Set(history.filter((event) => event.EventType === "StepSucceeded").map((event) => event.Name));
    for (let i = 0; i < highest; i++) {
      if (!succeeded.has(`s${i}`)) problems.push(`restart ${cycle}: ${name}: step s${i} was acknowledged (s${highest} started) but is not recorded`);
    }
  }
  return problems;
}

async function checkCompleted(lambda: LambdaClient, arns: string[], steps: number): Promise<string[]> {
  const problems: string[] = [];
  const total = (steps * (steps - 1)) / 2;
  for (const arn of arns) {
    let execution;
    for (let i = 0; i < 1000; i++) {
      execution = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
      if (execution.Status !== "RUNNING") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const name = arn.split("/").at(-2);
    const expected = JSON.stringify({ id: name, total, fanned: [2, 4, 6] });
    if (execution?.Status !== "SUCCEEDED" || execution.Result !== expected) problems.push(`${name} ended ${execution?.Status} ${execution?.Result ?? JSON.stringify(execution?.Error)} instead of SUCCEEDED ${expected}`);
  }
  return problems;
}
