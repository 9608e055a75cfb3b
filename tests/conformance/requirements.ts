import { readdirSync, readFileSync, existsSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";

export interface CallbackAction {
  CallbackName: string;
  Operation: "success" | "failure" | "heartbeat";
  Payload?: unknown;
  Delay?: number;
}

export interface Requirement {
  id: string;
  suite: string;
  file: string;
  title: string;
  optional: boolean;
  asyncInvoke: boolean;
  variables: Record<string, string>;
  input: unknown;
  expectedResult: { ExecutionStatus?: string; Result?: unknown };
  hasExpectedResultValue: boolean;
  history: Record<string, unknown>[];
  callbackActions: CallbackAction[];
  expectedLogs: unknown;
}

/** Every requirement under `directory` (suite folders of `<id>.yaml`), in suite and id order. */
export function loadRequirements(directory: string): Requirement[] {
  if (!existsSync(directory)) return [];
  const requirements: Requirement[] = [];
  for (const suite of readdirSync(directory).sort()) {
    const folder = join(directory, suite);
    let files: string[];
    try {
      files = readdirSync(folder).filter((file) => file.endsWith(".yaml"));
    } catch {
      continue;
    }
    files.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    for (const file of files) requirements.push(readRequirement(join(folder, file), suite));
  }
  return requirements;
}

function readRequirement(file: string, suite: string): Requirement {
  const document = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const expected = (document.ExpectedResult ?? {}) as Requirement["expectedResult"];
  return {
    id: basename(file, ".yaml"),
    suite,
    file,
    title: String(document.description ?? "").split("\n")[0]!,
    optional: document.optional === true,
    asyncInvoke: document.AsyncInvoke === true,
    variables: (document.Variables ?? {}) as Record<string, string>,
    input: document.Input ?? null,
    expectedResult: expected,
    hasExpectedResultValue: "Result" in expected,
    history: (document.ExpectedExecutionHistory ?? []) as Record<string, unknown>[],
    callbackActions: (document.CallbackActions ?? []) as CallbackAction[],
    expectedLogs: document.ExpectedLogs,
  };
}
