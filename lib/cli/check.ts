import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkRunningExecutions, checkSavedHistories, type CheckResult } from "../replay/check";
import { formatCheck } from "../replay/format-check";
import { ENDPOINT_HELP, lambdaClient } from "./lambda-client";
import { loadModule, pickWorkflow, UsageError } from "./load-module";

export const CHECK_HELP = `durable check <module> --function NAME [--endpoint URL|aws] [--export NAME] [--json]
durable check <module> <histories/ | history.json>... [--export NAME] [--json]

Before a deploy: replays the new code of the workflow in <module> against every running execution of the durable
function NAME (ListDurableExecutionsByFunction, then each execution's history), or against saved histories (a
folder's .json files, for CI), without running any step. Prints one line per execution (replays, or diverges at
operation P: recorded X, code Y, with the hint) and a summary. Exit 0: every execution replays; 1: one diverges or
could not be checked (its history unreadable or truncated); 2: bad usage.
  --export NAME: the workflow to use (default: the default export, else the only exported workflow)
  --json:        prints the result as JSON
${ENDPOINT_HELP}`;

export async function checkCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { function: { type: "string" }, endpoint: { type: "string" }, export: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) return write(CHECK_HELP), 0;
  const [modulePath, ...histories] = positionals;
  if (modulePath === undefined) throw new UsageError(`durable check takes a module\n\n${CHECK_HELP}`);
  if ((values.function === undefined) === (histories.length === 0)) {
    throw new UsageError(`durable check takes either --function NAME (the running executions) or history paths, not ${values.function === undefined ? "neither" : "both"}\n\n${CHECK_HELP}`);
  }
  if (values.function === undefined && values.endpoint !== undefined) throw new UsageError("--endpoint only applies with --function");
  const missing = histories.filter((path) => !existsSync(path));
  if (missing.length > 0) throw new UsageError(`no such history file or folder: ${missing.join(", ")}`);
  const workflow = pickWorkflow(await loadModule(modulePath), modulePath, values.export);
  let result: CheckResult;
  if (values.function !== undefined) {
    const client = lambdaClient(values.endpoint);
    try {
      result = await checkRunningExecutions(workflow, client, values.function);
    } finally {
      client.destroy();
    }
  } else {
    result = await checkSavedHistories(workflow, histories);
  }
  if (values.json) write(JSON.stringify(result, null, 2));
  else for (const line of formatCheck(result)) write(line);
  return result.safe ? 0 : 1;
}
