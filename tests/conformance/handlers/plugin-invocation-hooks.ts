import type { InvocationEndInfo, InvocationInfo, Plugin } from "../../../lib/index";
import type { ConformanceHandler } from "../run-requirement";
import { recorder } from "./plugin-recorder";
import { pluginFailingStep, pluginGreet, pluginWait, pluginWaitThenDone } from "./plugin-workflows";

type Log = (line: string) => void;

/** invocation-start with the first-invocation flag, invocation-end with the status (10-1, 10-6, 10-7). */
function firstAndStatus(log: Log, tag = "CONFPLUGIN"): Plugin {
  const out = recorder(log, tag);
  return {
    onInvocationStart(info) {
      out.capture(info);
      out.emit("invocation-start", { first: info.isFirstInvocation });
    },
    onInvocationEnd(info) {
      out.emit("invocation-end", { status: info.status });
    },
  };
}

/** 10-16: the end record carries its own invocation's first flag and whether its status is terminal. */
function terminalEnds(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  return {
    onInvocationStart(info) {
      out.capture(info);
      out.emit("invocation-start", { first: info.isFirstInvocation });
    },
    onInvocationEnd(info) {
      out.emit("invocation-end", { first: info.isFirstInvocation, terminal: info.status === "SUCCEEDED" || info.status === "FAILED", status: info.status });
    },
  };
}

/** 10-19: canonical dumps of the invocation infos. */
function invocationDumps(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  const base = (info: InvocationInfo | InvocationEndInfo) => ({
    isFirstInvocation: info.isFirstInvocation,
    requestId: info.requestId,
    operationsCount: Object.keys(info.operations).length,
    ...(info.executionStartTimestamp === undefined ? {} : { executionStartTimestamp: info.executionStartTimestamp.toISOString() }),
  });
  return {
    onInvocationStart(info) {
      out.capture(info);
      out.emit("invocation-start", { ...base(info), updatedOperationsCount: Object.keys(info.updatedOperations).length });
    },
    onInvocationEnd(info) {
      out.emit("invocation-end", {
        ...base(info),
        status: info.status,
        terminal: info.status === "SUCCEEDED" || info.status === "FAILED",
        ...(info.executionError === undefined ? {} : { executionError: info.executionError.message }),
      });
    },
  };
}

/** 10-5: two plugins, each with start and end records. */
function startAndEnd(log: Log, tag: string): Plugin {
  const out = recorder(log, tag);
  return {
    onInvocationStart(info) {
      out.capture(info);
      out.emit("invocation-start");
    },
    onInvocationEnd(info) {
      out.emit("invocation-end", { status: info.status });
    },
  };
}

export const pluginInvocationHandlers: Record<string, ConformanceHandler> = {
  "10-1": { workflow: pluginGreet, observe: (log) => ({ plugins: [firstAndStatus(log)], logLevel: "INFO" }) },
  "10-5": { workflow: pluginGreet, observe: (log) => ({ plugins: [startAndEnd(log, "CONFPLUGIN-A"), startAndEnd(log, "CONFPLUGIN-B")] }) },
  "10-6": { workflow: pluginWait, observe: (log) => ({ plugins: [firstAndStatus(log)] }) },
  "10-7": { workflow: pluginFailingStep, observe: (log) => ({ plugins: [firstAndStatus(log)] }) },
  "10-16": { workflow: pluginWait, observe: (log) => ({ plugins: [terminalEnds(log)] }) },
  "10-19": { workflow: pluginWaitThenDone, observe: (log) => ({ plugins: [invocationDumps(log)] }) },
};
