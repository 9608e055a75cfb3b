import type { Workflow } from "../../dsl/workflow";
import type { ErrorObject } from "../../interpreter/wire";
import { SkippingClock } from "../../lib/local/clock";
import { LocalService, type LocalFunction } from "../../lib/local/service";
import { LocalHttpServer } from "../../lib/local/http";
import { matchHistory, matchValue, type Bindings, type Mismatch } from "./match";
import { pythonJsonDumps } from "./python-json";
import type { CallbackAction, Requirement } from "./requirements";
import { checkLogs, type LogExpectation } from "./expected-logs";
import type { ObservabilityOptions } from "../../lib/plugins/options";

/** How a requirement's handler is given: a workflow (and the functions it invokes), or a Lambda handler module run in a process of its own. */
export interface ConformanceHandler {
  readonly workflow?: Workflow<never, unknown>;
  readonly process?: { readonly module: string; readonly exportName?: string };
  readonly functions?: Record<string, Workflow<never, unknown> | LocalFunction>;
  /** Plugins and logging options for the workflow; `log` is where the requirement's log lines are collected. */
  readonly observe?: (log: (line: string) => void) => ObservabilityOptions;
}

export interface RequirementOutcome {
  status: "PASS" | "FAIL" | "SKIP";
  detail?: string;
  logs?: "PASS" | "FAIL";
}

const REGEX = /^\$\{\/(.*)\/\}$/s;

export async function runRequirement(requirement: Requirement, handler: ConformanceHandler | undefined): Promise<RequirementOutcome> {
  if (handler === undefined) return { status: "SKIP", detail: "no handler for this requirement" };
  const bindings: Bindings = new Map();
  for (const [name, value] of Object.entries(requirement.variables)) bindings.set(name, generate(String(value)));
  const substitute = (value: unknown): unknown => substituteVariables(value, bindings);
  const input = substitute(requirement.input);
  const actions = substitute(requirement.callbackActions) as CallbackAction[];
  const expectedHistory = substitute(requirement.history) as Record<string, unknown>[];
  const expectedResult = substitute(requirement.expectedResult) as Requirement["expectedResult"];

  const logs: string[] = [];
  const service = new LocalService({ clock: new SkippingClock(), log: (line) => logs.push(line), executionTimeoutSeconds: 86_400 });
  for (const [name, fn] of Object.entries(handler.functions ?? {})) service.register(name, fn);
  const functionName = `conformance-${requirement.id}`;
  if (handler.process !== undefined) service.register(functionName, { kind: "process", ...handler.process, durable: true });
  else if (handler.observe !== undefined) service.register(functionName, { kind: "workflow", workflow: handler.workflow!, observe: handler.observe((line) => logs.push(line)) });
  else service.register(functionName, handler.workflow!);
  driveCallbacks(service, actions);

  // A handler in a process of its own reaches the service over HTTP, as a deployed one would.
  const server = handler.process === undefined ? undefined : new LocalHttpServer(service);
  await server?.listen();
  const execution = service.start(functionName, input ?? undefined);
  const done = await service.result(execution.executionArn);
  await server?.close();
  const history = JSON.parse(JSON.stringify(done.history.events)) as Record<string, unknown>[];
  const mismatch = matchHistory(expectedHistory, history, bindings);
  if (mismatch !== undefined) return { status: "FAIL", detail: describe(mismatch) };
  if (expectedResult.ExecutionStatus !== undefined && done.status !== expectedResult.ExecutionStatus) {
    return { status: "FAIL", detail: `ExecutionStatus: expected ${expectedResult.ExecutionStatus}, actual ${done.status}${done.error ? ` (${done.error.ErrorType}: ${done.error.ErrorMessage})` : ""}` };
  }
  if (requirement.hasExpectedResultValue && done.status === "SUCCEEDED") {
    const actual = done.result === undefined ? null : (JSON.parse(done.result) as unknown);
    const resultMismatch = matchValue(expectedResult.Result ?? null, actual, "Result", bindings);
    if (resultMismatch !== undefined) return { status: "FAIL", detail: describe(resultMismatch) };
  }
  if (requirement.expectedLogs === undefined) return { status: "PASS" };
  const logsMismatch = checkLogs(substitute(requirement.expectedLogs) as LogExpectation[], logs);
  return logsMismatch === undefined ? { status: "PASS", logs: "PASS" } : { status: "FAIL", logs: "FAIL", detail: `logs: ${logsMismatch}` };
}

/**
 * Plays the outside world: for each new CallbackStarted, in history order, the first unused action whose
 * CallbackName matches, after its Delay; a heartbeat uses up its action but not the callback.
 */
function driveCallbacks(service: LocalService, actions: readonly CallbackAction[]): void {
  const used = new Set<number>();
  const next = (name: string | undefined, callbackId: string): void => {
    const index = actions.findIndex((action, i) => !used.has(i) && nameMatches(action.CallbackName, name));
    if (index === -1) return;
    used.add(index);
    const action = actions[index]!;
    service.clock.schedule(service.clock.now() + (action.Delay ?? 0) * 1000, () => {
      try {
        if (action.Operation === "success") service.succeedCallback(callbackId, action.Payload === undefined ? undefined : pythonJsonDumps(action.Payload));
        else if (action.Operation === "failure") service.failCallback(callbackId, (action.Payload ?? {}) as ErrorObject);
        else {
          service.heartbeatCallback(callbackId);
          next(name, callbackId);
        }
      } catch {
        // The callback ended first (it timed out): the action has nothing to act on, as with the real service.
      }
    });
  };
  service.onEvent((execution, event) => {
    if (event.EventType !== "CallbackStarted") return;
    const operation = execution.get(event.Id!)!;
    const name = operation.Name ?? execution.get(operation.ParentId ?? "")?.Name;
    next(name, operation.CallbackDetails!.CallbackId!);
  });
}

function nameMatches(pattern: string, name: string | undefined): boolean {
  if (pattern === "*") return true;
  const regex = REGEX.exec(pattern);
  if (regex !== null) return name !== undefined && new RegExp(regex[1]!).test(name);
  return pattern === name;
}

/** `${GEN_STR:n}`: n random lowercase letters and digits; anything else binds literally. */
function generate(spec: string): string {
  const match = /^\$\{GEN_STR:(\d+)\}$/.exec(spec);
  if (match === null) return spec;
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length: Number(match[1]) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
}

function substituteVariables(value: unknown, bindings: Bindings): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (whole !== null && bindings.has(whole[1]!)) return bindings.get(whole[1]!);
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (text, name: string) => (bindings.has(name) ? String(bindings.get(name)) : text));
  }
  if (Array.isArray(value)) return value.map((item) => substituteVariables(item, bindings));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteVariables(item, bindings)]));
  return value;
}

function describe(mismatch: Mismatch): string {
  const short = (value: unknown) => {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 160 ? `${text.slice(0, 157)}...` : text;
  };
  return `EventId ${mismatch.eventId ?? "-"} ${mismatch.path || "(event)"}: expected ${short(mismatch.expected)}, actual ${short(mismatch.actual)}`;
}
