import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { ListDurableExecutionsByFunctionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { Workflow } from "../../dsl/workflow";
import { fetchHistory } from "./fetch-history";
import { loadHistory, readHistory, type RecordedHistory } from "./history";
import { HistoryFormatError } from "./history-format-error";
import { contextLabel } from "./not-reentered";
import { replay, type ReplayReport } from "./replay";

/**
 * One execution checked against the new code: its replay report, or why it could not be replayed.
 * @example
 * for (const execution of result.executions) if (execution.verdict !== "replays") console.log(execution.name, execution.problem ?? execution.report?.divergence?.hint);
 */
export interface CheckedExecution {
  /** The execution's name, or the history file's name. */
  readonly name: string;
  /** The execution's ARN, or the history file's path. */
  readonly source: string;
  readonly verdict: "replays" | "diverges" | "unchecked";
  readonly report?: ReplayReport<unknown>;
  /** For an unnamed operation the replay stopped at (a waitForCallback's callback), the named context holding it. */
  readonly stoppedIn?: string;
  /** Why it could not be checked: an unreadable history, a truncated payload the replay needs. */
  readonly problem?: string;
}

/**
 * What `durable check` found: one entry per execution or history, and whether the new code is safe for all.
 * @example
 * const result = await checkSavedHistories(orderWorkflow, ["histories/"]);
 * if (!result.safe) process.exitCode = 1;
 */
export interface CheckResult {
  /** What was checked: `running executions of NAME` or a folder of histories. */
  readonly subject: string;
  readonly executions: readonly CheckedExecution[];
  /** True when every execution replays: deploying the new code does not break any of them. */
  readonly safe: boolean;
}

/**
 * Replays every running execution of a function (ListDurableExecutionsByFunction, then each one's history) with the
 * new code of `workflow`: what a deployment would do to the executions in flight.
 * @example
 * const result = await checkRunningExecutions(orderWorkflow, new LambdaClient({}), "order-fn");
 * for (const line of formatCheck(result)) console.log(line);
 */
export async function checkRunningExecutions(workflow: Workflow<unknown, unknown>, client: LambdaClient, functionName: string): Promise<CheckResult> {
  const listed: { name: string; arn: string }[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: functionName, Statuses: ["RUNNING"], MaxItems: 1000, Marker: marker }));
    for (const execution of page.DurableExecutions ?? []) listed.push({ name: execution.DurableExecutionName ?? execution.DurableExecutionArn!, arn: execution.DurableExecutionArn! });
    marker = page.NextMarker === "" ? undefined : page.NextMarker;
  } while (marker !== undefined);
  const executions: CheckedExecution[] = [];
  for (const { name, arn } of listed) executions.push(await checkOne(workflow, name, arn, async () => readHistory(await fetchHistory(client, arn), arn)));
  return result(`running executions of ${functionName}`, executions);
}

/**
 * Replays every history in `paths` (files, or folders whose .json files are histories, as `durable history --out`
 * and saveHistory write them) with `workflow`: the same check, in CI, over histories saved beforehand.
 * @example
 * const result = await checkSavedHistories(orderWorkflow, ["histories/"]);
 * assert.ok(result.safe, formatCheck(result).join("\n"));
 */
export async function checkSavedHistories(workflow: Workflow<unknown, unknown>, paths: readonly string[]): Promise<CheckResult> {
  const files = paths.flatMap((path) => isFolder(path) ? readdirSync(path).filter((file) => file.endsWith(".json")).sort().map((file) => join(path, file)) : [path]);
  const executions: CheckedExecution[] = [];
  for (const file of files) executions.push(await checkOne(workflow, basename(file), file, async () => loadHistory(file)));
  return result(paths.length === 1 ? `histories in ${paths[0]}` : `histories in ${paths.join(", ")}`, executions);
}

/** One execution: a history that cannot be had or read (fetch failed, bad format, truncated payload) leaves it unchecked. */
async function checkOne(workflow: Workflow<unknown, unknown>, name: string, source: string, load: () => Promise<RecordedHistory>): Promise<CheckedExecution> {
  try {
    const history = await load();
    const report = await replay(workflow, history);
    if (report.replays) return { name, source, verdict: "replays", report, ...stoppedIn(history, report) };
    if (report.divergence !== undefined) return { name, source, verdict: "diverges", report };
    return { name, source, verdict: "unchecked", report, problem: report.problem ?? "the replay stopped without a result" };
  } catch (error) {
    const answered = (error as { $metadata?: unknown }).$metadata !== undefined;
    if (!(error instanceof HistoryFormatError) && !answered) throw error;
    return { name, source, verdict: "unchecked", problem: answered ? `the service answered ${(error as Error).name}: ${(error as Error).message}` : (error as Error).message };
  }
}

function stoppedIn(history: RecordedHistory, report: ReplayReport<unknown>): { stoppedIn?: string } {
  const next = report.next;
  if (next === undefined || next.name !== undefined) return {};
  const parentId = history.operations.find((operation) => operation.Id === next.id)?.ParentId;
  const parent = parentId === undefined ? undefined : history.operations.find((operation) => operation.Id === parentId);
  return parent?.Name === undefined ? {} : { stoppedIn: contextLabel(parent) };
}

function result(subject: string, executions: CheckedExecution[]): CheckResult {
  return { subject, executions, safe: executions.every((execution) => execution.verdict === "replays") };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
