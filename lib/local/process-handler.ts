import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** How to start the worker: the built one next to the package entry, or the source one through tsx. */
function workerCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) return [process.execPath, "--import", "tsx", join(dirname(here), "worker.ts")];
  return [process.execPath, join(dirname(here), "worker.mjs")];
}

const exitError = (message: string) => Object.assign(new Error(message), { name: "Runtime.ExitError" });

/**
 * Invokes a handler exported by `module` in a child process with the environment Lambda gives a function; its
 * standard output goes to `output` line by line when given (else to ours). The promise rejects with
 * Runtime.ExitError when the process dies before answering whole (a crash, kill -9, a torn answer). The child
 * holds a pipe from us open (fd 4) and exits when it closes, so it dies with the service even on kill -9; `signal`
 * kills it at once.
 */
export function invokeInProcess(
  module: string,
  exportName: string | undefined,
  event: unknown,
  context: Record<string, unknown>,
  env: Record<string, string>,
  output?: (line: string) => void,
  signal?: AbortSignal,
): Promise<unknown> {
  const [command, ...args] = workerCommand();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(exitError("the service is stopping: the function was not invoked"));
    const child = spawn(command!, args, { env: { ...process.env, ...env }, stdio: ["pipe", output === undefined ? "inherit" : "pipe", "inherit", "pipe", "pipe"] });
    const kill = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", kill, { once: true });
    if (output !== undefined) {
      let pending = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split("\n");
        pending = lines.pop()!;
        for (const line of lines) output(line);
      });
      child.stdout!.on("end", () => pending !== "" && output(pending));
    }
    const chunks: Buffer[] = [];
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => chunks.push(chunk));
    const lifeline = child.stdio[4] as NodeJS.ReadableStream & { on(event: "error", listener: () => void): void };
    lifeline.on("error", () => {});
    lifeline.resume();
    child.on("error", reject);
    child.on("close", (code, signalName) => {
      signal?.removeEventListener("abort", kill);
      const how = signalName === null ? `with code ${code}` : `on ${signalName}`;
      const answer = Buffer.concat(chunks).toString("utf8");
      if (answer === "") return reject(exitError(`the function's process exited ${how} before answering`));
      let parsed: { ok: boolean; output?: unknown; error?: { ErrorType: string; ErrorMessage: string } };
      try {
        parsed = JSON.parse(answer) as typeof parsed;
      } catch {
        return reject(exitError(`the function's process exited ${how} in the middle of its answer (${answer.length} characters, not JSON)`));
      }
      if (parsed.ok) resolve(parsed.output);
      else reject(Object.assign(new Error(parsed.error?.ErrorMessage ?? "the function failed"), { name: parsed.error?.ErrorType ?? "Error" }));
    });
    child.stdin!.on("error", () => {});
    child.stdin!.end(JSON.stringify({ module, exportName, event, context }));
  });
}
