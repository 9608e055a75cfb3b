import { parseArgs } from "node:util";
import { isWorkflow } from "../../dsl/workflow";
import { LocalHttpServer } from "../local/http";
import { progressView } from "../local/progress";
import { LocalService, type LambdaHandler } from "../local/service";
import { Journal } from "../local/journal";
import { FaultPlan, FaultSpecError, parseFaultRates } from "../local/faults";
import { WebUi } from "../ui/web-ui";
import { loadModule, UsageError } from "./load-module";

export const SERVE_HELP = `durable serve [--port N] [--host ADDRESS] [--data DIR] [--process] [--faults KIND=RATE,... [--seed N]] [--function NAME=MODULE[#export]]... [--plain-function NAME=MODULE[#export]]... [--quiet]

Serves the local durable-execution service on 127.0.0.1 with the AWS API of client-lambda (Invoke, the
checkpoint and state APIs, executions, histories, callbacks, stop), in real time. --function registers a
durable function: a workflow, or any Lambda handler (one built with another SDK too) exported by MODULE (.ts, .js
or .mjs; the export defaults to "handler", then the default export, then the only workflow). --plain-function
registers an ordinary Lambda function that durable ones can invoke. With --data, every change is journaled in DIR
before it is acknowledged, and a restart with the same DIR carries on with the executions that were running.
With --process, every invocation runs in a Node process of its own (the module must export a Lambda handler), so
a handler that crashes or is killed is seen as Lambda sees it. --host listens elsewhere than 127.0.0.1 (the
service has no authentication: only do so on a network you trust). --faults injects faults into the checkpoint and
state calls at the given rates, reproducibly from --seed (0 by default), e.g.
  --faults 429=0.1,500=0.05,503=0.05,drop=0.02,slow=0.05,stale-token=0.05 --seed 7
(drop closes the connection before or after the call is served; slow answers up to 200 ms late; stale-token
answers InvalidParameterValueException "Invalid Checkpoint Token"), and prints how many it injected on exit.
Point clients at it with
  AWS_ENDPOINT_URL_LAMBDA=<the URL this prints>
The web UI is at / on the same address: every execution live, their timelines and operations, and actions
(answer a callback, heartbeat, stop, start, re-run, download the history) made through the API above. Browsers
must come from that page (Host and Origin are checked, and what they change needs the page's token).`;

export async function serveCommand(args: string[], write: (line: string) => void, stopSignal: Promise<void>): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: "string", default: "9014" },
      host: { type: "string", default: "127.0.0.1" },
      faults: { type: "string" },
      seed: { type: "string" },
      data: { type: "string" },
      process: { type: "boolean" },
      function: { type: "string", multiple: true, default: [] },
      "plain-function": { type: "string", multiple: true, default: [] },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return write(SERVE_HELP), 0;
  if (positionals.length > 0) throw new UsageError(`durable serve takes no positional arguments, got ${positionals.join(" ")}\n\n${SERVE_HELP}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${values.port}`);
  const faults = faultPlan(values.faults, values.seed);
  const journal = values.data === undefined ? undefined : new Journal(values.data);
  const service = new LocalService({ journal, log: values.quiet ? undefined : (line) => write(`      log ${line}`) });
  const durableFunctions: string[] = [];
  for (const [spec, durable] of [...values.function.map((f) => [f, true] as const), ...values["plain-function"].map((f) => [f, false] as const)]) {
    const { name, module, exportName } = parseFunctionSpec(spec);
    if (durable) durableFunctions.push(name);
    if (values.process) {
      service.register(name, { kind: "process", module, exportName, durable });
      write(`function ${name}: ${module}${exportName ? `#${exportName}` : ""} (${durable ? "durable" : "plain"}, own process)`);
      continue;
    }
    const loaded = await loadModule(module);
    const chosen = exportName !== undefined ? loaded[exportName] : loaded.handler ?? loaded.default ?? Object.values(loaded).find(isWorkflow);
    if (isWorkflow(chosen)) service.register(name, chosen);
    else if (typeof chosen === "function") service.register(name, { kind: "handler", durable, handler: chosen as LambdaHandler });
    else throw new UsageError(`${module} exports no handler or workflow${exportName ? ` named "${exportName}"` : ""} for function ${name}`);
    write(`function ${name}: ${module}${exportName ? `#${exportName}` : ""} (${durable ? "durable" : "plain"})`);
  }
  if (!values.quiet) service.onEvent(progressView(write));
  // Restored before the port opens: a journal that cannot be replayed, or that needs a function not given, stops
  // the command here, before anything listens or is written.
  service.load();
  const ui = new WebUi(service, { functions: durableFunctions, host: values.host });
  const server = new LocalHttpServer(service, { faults: faults?.injector, front: ui });
  const endpoint = await server.listen(port, values.host);
  if (journal !== undefined) {
    const running = service.resume();
    write(`journal ${journal.file}: ${running} running executions carried on${journal.tornBytes > 0 ? ` (a torn last record of ${journal.tornBytes} bytes, never acknowledged, dropped)` : ""}`);
  }
  if (!["127.0.0.1", "::1", "localhost"].includes(values.host)) write(`warning: listening on ${values.host}, beyond this machine; the service has no authentication`);
  write(`local durable service listening on ${endpoint}\n  export AWS_ENDPOINT_URL_LAMBDA=${endpoint}\n  web UI: ${endpoint}/`);
  await stopSignal;
  // Stops invocations and recording first (running ones are abandoned, committing nothing), then the port.
  service.close();
  ui.close();
  await server.close();
  write("stopped: running executions carry on from the journal when the service starts again");
  if (faults !== undefined) write(`faults injected: ${faults.total} in ${faults.calls} calls (${Object.entries(faults.injected).map(([kind, count]) => `${kind} ${count}`).join(", ")})`);
  // An abandoned in-process invocation (a step still sleeping) may hold the process open: it ends anyway, soon.
  setTimeout(() => process.exit(0), 2000).unref();
  return 0;
}

function faultPlan(spec: string | undefined, seed: string | undefined): FaultPlan | undefined {
  if (spec === undefined) {
    if (seed !== undefined) throw new UsageError("--seed only applies with --faults");
    return undefined;
  }
  if (seed !== undefined && !/^-?\d+$/.test(seed)) throw new UsageError(`--seed must be an integer, got ${seed}`);
  try {
    return new FaultPlan({ rates: parseFaultRates(spec), seed: seed === undefined ? 0 : Number(seed) });
  } catch (error) {
    if (error instanceof FaultSpecError) throw new UsageError(error.message);
    throw error;
  }
}

function parseFunctionSpec(spec: string): { name: string; module: string; exportName: string | undefined } {
  const match = /^([^=]+)=([^#]+)(?:#(.+))?$/.exec(spec);
  if (match === null) throw new UsageError(`--function takes NAME=MODULE[#export], got ${spec}`);
  return { name: match[1]!, module: match[2]!, exportName: match[3] };
}
