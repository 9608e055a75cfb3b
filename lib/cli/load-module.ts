import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isWorkflow, type Workflow } from "../../dsl/workflow";

/** Bad command-line input: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Imports a module given on the command line; `.ts` modules go through tsx, which must be installed. */
export async function loadModule(path: string): Promise<Record<string, unknown>> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`cannot find module ${path} (looked at ${file})`);
  const url = pathToFileURL(file).href;
  if (!/\.(ts|mts|cts|tsx)$/.test(file)) return (await import(url)) as Record<string, unknown>;
  let tsx: { tsImport: (specifier: string, parent: string) => Promise<unknown> };
  try {
    tsx = (await import("tsx/esm/api")) as typeof tsx;
  } catch {
    throw new UsageError(`${path} is TypeScript: install tsx (npm install --save-dev tsx) to load it, or build it to .js first`);
  }
  return (await tsx.tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/** The workflow a module exports: `name`, else the default export, else the only exported workflow. */
export function pickWorkflow(module: Record<string, unknown>, path: string, name: string | undefined): Workflow<unknown, unknown> {
  if (name !== undefined) {
    const chosen = module[name];
    if (!isWorkflow(chosen)) throw new UsageError(`${path} exports no workflow named "${name}" (its workflows: ${workflowNames(module).join(", ") || "none"})`);
    return chosen;
  }
  if (isWorkflow(module.default)) return module.default;
  const names = workflowNames(module);
  if (names.length === 1) return module[names[0]!] as Workflow<unknown, unknown>;
  if (names.length === 0) throw new UsageError(`${path} exports no workflow (export one made with workflow(name, function* ...))`);
  throw new UsageError(`${path} exports several workflows (${names.join(", ")}): choose one with --export NAME`);
}

function workflowNames(module: Record<string, unknown>): string[] {
  return Object.keys(module).filter((key) => key !== "default" && isWorkflow(module[key]));
}
