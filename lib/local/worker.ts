// Runs one Lambda invocation in a process of its own, as Lambda would: reads {module, exportName, event} on
// stdin, calls the handler, and writes its output as JSON on file descriptor 3. A process that dies first (a
// crash, kill -9) writes nothing there, and the service records the invocation as crashed. File descriptor 4 is
// a pipe the service holds open: when it closes (the service stopped or was killed), this process ends too.
import { writeSync } from "node:fs";
import { Socket } from "node:net";
import { loadModule } from "../cli/load-module";

// Unref'd: it never holds this process open, it only ends it.
const lifeline = new Socket({ fd: 4, readable: true, writable: false });
lifeline.on("data", () => {});
lifeline.on("close", () => process.exit(137));
lifeline.on("error", () => process.exit(137));
lifeline.unref();

const request = JSON.parse(await new Promise<string>((resolve) => {
  let text = "";
  process.stdin.on("data", (chunk: Buffer) => (text += chunk.toString()));
  process.stdin.on("end", () => resolve(text));
})) as { module: string; exportName?: string; event: unknown; context: Record<string, unknown> };

const loaded = await loadModule(request.module);
const handler = (request.exportName !== undefined ? loaded[request.exportName] : loaded.handler ?? loaded.default) as (event: unknown, context: unknown) => unknown;
if (typeof handler !== "function") throw new Error(`${request.module} exports no handler${request.exportName ? ` named "${request.exportName}"` : ""}`);
try {
  const output = await handler(request.event, { ...request.context, getRemainingTimeInMillis: () => 900_000 });
  writeSync(3, JSON.stringify({ ok: true, output }));
} catch (error) {
  writeSync(3, JSON.stringify({ ok: false, error: { ErrorType: (error as Error)?.name ?? "Error", ErrorMessage: (error as Error)?.message ?? String(error) } }));
}
