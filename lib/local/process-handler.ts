import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** How to start the worker: the built one next to the package entry, or the source one through tsx. */
function workerCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) return [process.execPath, "--import", "tsx", join(dirname(here), "worker.ts")];
  return [process.execPath, join(dirname(here), "worker.mjs")];
}

/**
 * Invokes a handler exported by `module` in a child process with the environment Lambda gives a function; its
 * standard output goes to `output` line by line when given (else to ours). The promise rejects with
 * Runtime.ExitError when the process dies before answering (a crash, kill -9).
 */
export function invokeInProcess(
  module: string,
  exportName: string | undefined,
  event: unknown,
  context: Record<string, unknown>,
  env: Record<string, string>,
  output?: (line: string) => void,
): Promise<unknown> {
  const [command, ...args] = workerCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, { env: { ...process.env, ...env }, stdio: ["pipe", output === undefined ? "inherit" : "pipe", "inherit", "pipe"] });
    if (output !== undefined) {
      let pending = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split("\n");
        pending = lines.pop()!;
        for (const line of lines) output(line);
      });
      child.stdout!.on("end", () => pending !== "" && output(pending));
    }
    let answer = "";
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => (answer += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (answer === "") {
        reject(Object.assign(new Error(`the function's process exited ${signal === null ? `with code ${code}` : `on ${signal}`} before answering`), { name: "Runtime.ExitError" }));
        return;
      }
      const parsed = JSON.parse(answer) as { ok: boolean; output?: unknown; error?: { ErrorType: string; ErrorMessage: string } };
      if (parsed.ok) resolve(parsed.output);
      else reject(Object.assign(new Error(parsed.error!.ErrorMessage), { name: parsed.error!.ErrorType }));
    });
    child.stdin!.end(JSON.stringify({ module, exportName, event, context }));
  });
}
