import { parseArgs } from "node:util";
import { formatReport } from "../replay/format-report";
import { replay } from "../replay/replay";
import { loadHistoryArgument } from "./load-history";
import { loadModule, pickWorkflow, UsageError } from "./load-module";

export const REPLAY_HELP = `durable replay <module> <history.json> [--export NAME] [--input JSON] [--json]

Replays a recorded history with the workflow's current code, without running any step: does the code still match
what the execution recorded? Prints the report (--json: as JSON). Exit 0: it replays; 1: non-determinism, or the
replay needs a payload the history lacks; 2: bad usage or an unreadable history.
  history.json: get-durable-execution-history output (pages may be appended), get-durable-execution-state output,
                an Operation[] or a durable invocation event; \`durable history ARN --out FILE\` saves one.
  --export NAME: the workflow to use (default: the default export, else the only exported workflow)
  --input JSON:  the execution's input (default: the one the history recorded)`;

export async function replayCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { export: { type: "string" }, input: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) return write(REPLAY_HELP), 0;
  const [modulePath, historyPath, ...extra] = positionals;
  if (modulePath === undefined || historyPath === undefined || extra.length > 0) {
    throw new UsageError(`durable replay takes a module and a history file\n\n${REPLAY_HELP}`);
  }
  const history = loadHistoryArgument(historyPath);
  const workflow = pickWorkflow(await loadModule(modulePath), modulePath, values.export);
  const report = await replay(workflow, history, values.input === undefined ? {} : { input: parseInput(values.input) });
  write(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.replays ? 0 : 1;
}

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--input must be JSON: ${(error as Error).message}`);
  }
}
