import type { Plugin } from "../../../lib/index";
import type { ConformanceHandler } from "../run-requirement";
import { recorder } from "./plugin-recorder";
import { pluginGreet } from "./plugin-workflows";

type Log = (line: string) => void;

/** Every hook logs, then throws (operation and attempt hooks for steps only). */
function faulty(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN-FAULTY");
  const fail = (hook: string): never => {
    out.emit(hook);
    throw new Error(`CONFPLUGIN-FAULTY ${hook} fails on purpose`);
  };
  return {
    name: "CONFPLUGIN-FAULTY",
    onInvocationStart(info) {
      out.capture(info);
      fail("invocation-start");
    },
    onInvocationEnd: () => fail("invocation-end"),
    onOperationStart: (info) => { if (info.type === "STEP") fail("operation-start"); },
    onOperationEnd: (info) => { if (info.type === "STEP") fail("operation-end"); },
    onOperationAttemptStart: (info) => { if (info.type === "STEP") fail("attempt-start"); },
    onOperationAttemptEnd: (info) => { if (info.type === "STEP") fail("attempt-end"); },
  };
}

/** The equivalent records, logged normally. */
function healthy(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN-HEALTHY");
  return {
    onInvocationStart(info) {
      out.capture(info);
      out.emit("invocation-start", { first: info.isFirstInvocation });
    },
    onInvocationEnd: (info) => out.emit("invocation-end", { status: info.status }),
    onOperationStart: (info) => { if (info.type === "STEP") out.emit("operation-start", { op: info.id }); },
    onOperationEnd: (info) => { if (info.type === "STEP") out.emit("operation-end", { op: info.id, status: info.status }); },
    onOperationAttemptStart: (info) => { if (info.type === "STEP") out.emit("attempt-start", { op: info.id }); },
    onOperationAttemptEnd: (info) => { if (info.type === "STEP") out.emit("attempt-end", { op: info.id, outcome: info.outcome }); },
  };
}

export const pluginIsolationHandlers: Record<string, ConformanceHandler> = {
  "10-4": { workflow: pluginGreet, observe: (log) => ({ plugins: [faulty(log)] }) },
  "10-17": { workflow: pluginGreet, observe: (log) => ({ plugins: [faulty(log), healthy(log)] }) },
};
