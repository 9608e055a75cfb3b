import { parseArgs } from "node:util";
import { SkippingClock } from "../local/clock";
import { LocalHttpServer } from "../local/http";
import { progressView } from "../local/progress";
import { saveHistory } from "../replay/save-history";
import { buildTimeline } from "../timeline/model";
import { terminalTimeline } from "../timeline/terminal";
import { LocalService } from "../local/service";
import { loadModule, pickWorkflow, UsageError } from "./load-module";

export const RUN_HELP = `durable run <module> [--input JSON] [--export NAME] [--real-time | --wait-real] [--port N] [--history FILE]

Runs a workflow exported by <module> (.ts, .js or .mjs) on the embedded local service, printing every operation
as it starts and completes, then the result. Time is skipped (waits and retry delays pass at once, in order)
unless --real-time; while a callback is open it waits for you to answer it:
  durable callback succeed --execution <ARN> --operation <name> '<json>' --endpoint <the URL this prints>
and time stands still, unless --wait-real: then time runs at its real pace while a callback is open, so that its
timeout, or a wait racing it, comes due as on AWS (skipped again once no callback is open).
It ends with the execution's timeline; --history FILE also saves its history (as get-durable-execution-history
prints it) for \`durable timeline FILE --html out.html\`.
Exit code: 0 succeeded, 1 the execution failed (or timed out), 2 bad usage.`;

export async function runCommand(args: string[], write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { input: { type: "string" }, export: { type: "string" }, "real-time": { type: "boolean" }, "wait-real": { type: "boolean" }, port: { type: "string" }, history: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) return write(RUN_HELP), 0;
  if (positionals.length !== 1) throw new UsageError(`durable run takes one module, got ${positionals.length}\n\n${RUN_HELP}`);
  const path = positionals[0]!;
  let input: unknown;
  if (values.input !== undefined) {
    try {
      input = JSON.parse(values.input);
    } catch (error) {
      throw new UsageError(`--input is not JSON: ${(error as Error).message}`);
    }
  }
  if (values["real-time"] && values["wait-real"]) throw new UsageError("--real-time and --wait-real exclude each other: --real-time already runs all time at its real pace");
  const workflow = pickWorkflow(await loadModule(path), path, values.export);
  const clock = values["real-time"] ? undefined : new SkippingClock();
  const service = new LocalService({ clock, holdTimeForCallbacks: true, log: (line) => write(`      log ${line}`) });
  const server = new LocalHttpServer(service);
  const endpoint = await server.listen(values.port === undefined ? 0 : Number(values.port));
  write(`durable run: workflow "${workflow.name}" on the local service at ${endpoint}${values["real-time"] ? "" : " (time skipped)"}`);
  service.register(workflow.name, workflow);
  service.onEvent(progressView(write));
  const openCallbacks = new Set<string>();
  service.onEvent((execution, event) => {
    if (/^Callback(Succeeded|Failed|TimedOut)$/.test(event.EventType)) openCallbacks.delete(event.Id!);
    if (event.EventType !== "CallbackStarted") return;
    openCallbacks.add(event.Id!);
    const operation = execution.get(event.Id!);
    const name = operation?.Name ?? execution.get(operation?.ParentId ?? "")?.Name;
    const callbackId = operation?.CallbackDetails?.CallbackId;
    const byName = name === undefined ? "" : `\n        durable callback succeed --execution ${execution.executionArn} --operation ${name} '<json>' --endpoint ${endpoint}`;
    write(`      waiting for callback "${name ?? "(unnamed)"}": answer with\n        durable callback succeed ${callbackId} '<json>' --endpoint ${endpoint}${byName}`);
  });
  const realPace = values["wait-real"] && clock !== undefined ? paceWhileOpen(clock, openCallbacks) : undefined;
  try {
    const started = service.start(workflow.name, input);
    const done = await service.result(started.executionArn);
    write(done.status === "SUCCEEDED" ? `\nresult: ${done.result ?? "(none)"}` : `\n${done.status}: ${JSON.stringify(done.error)}`);
    if (values.history !== undefined) {
      saveHistory(values.history, { executionArn: started.executionArn, events: done.history.events });
      write(`history saved to ${values.history} (durable timeline ${values.history} --html timeline.html draws it)`);
    }
    write("\ntimeline (█ running, ░ waiting)");
    for (const line of terminalTimeline(buildTimeline(done.history.events, started.executionArn))) write(line);
    return done.status === "SUCCEEDED" ? 0 : 1;
  } finally {
    clearInterval(realPace);
    await server.close();
  }
}

const PACE_MS = 100;

/** Moves the skipping clock at the real pace while any callback is open (the service holds it still then). */
function paceWhileOpen(clock: SkippingClock, openCallbacks: ReadonlySet<string>): NodeJS.Timeout {
  let last = Date.now();
  return setInterval(() => {
    const now = Date.now();
    if (openCallbacks.size > 0) clock.advance(now - last);
    last = now;
  }, PACE_MS);
}
