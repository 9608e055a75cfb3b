import type { AttemptInfo, Plugin } from "../../../lib/index";
import type { ConformanceHandler } from "../run-requirement";
import { dump, parentOrNone, recorder } from "./plugin-recorder";
import { pluginAlwaysFails, pluginFlaky, pluginParallelConstants, pluginRetryThenSuccess } from "./plugin-workflows";

type Log = (line: string) => void;

/** attempt-start / attempt-end of step attempts (10-3, 10-15), and operation-end when `withEnd`. */
function stepAttempts(log: Log, withEnd: boolean): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  return {
    onInvocationStart: (info) => out.capture(info),
    onOperationAttemptStart(info) {
      if (info.type === "STEP") out.emit("attempt-start", { n: info.attempt, op: info.id });
    },
    onOperationAttemptEnd(info) {
      if (info.type === "STEP") out.emit("attempt-end", { n: info.attempt, outcome: info.outcome, op: info.id });
    },
    ...(withEnd ? { onOperationEnd: (info) => { if (info.type === "STEP") out.emit("operation-end", { op: info.id, status: info.status }); } } : {}),
  } satisfies Plugin;
}

/** 10-21: canonical dumps of the step attempt infos. */
function attemptDumps(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  return {
    onInvocationStart: (info) => out.capture(info),
    onOperationAttemptStart(info) {
      if (info.type === "STEP") out.emit("attempt-start", dump(info));
    },
    onOperationAttemptEnd(info) {
      if (info.type === "STEP") out.emit("attempt-end", dump(info));
    },
  };
}

/** 10-12: a parallel branch's function starts and ends (the attempt hooks around a context body). */
function branchFunctions(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  const branch = (info: AttemptInfo) => info.subType === "ParallelBranch";
  return {
    onInvocationStart: (info) => out.capture(info),
    onOperationAttemptStart(info) {
      if (branch(info)) out.emit("fn-start", { op: info.id, parent: parentOrNone(info) });
    },
    onOperationAttemptEnd(info) {
      if (branch(info)) out.emit("fn-end", { op: info.id, parent: parentOrNone(info), outcome: info.outcome });
    },
  };
}

export const pluginAttemptHandlers: Record<string, ConformanceHandler> = {
  "10-3": { workflow: pluginRetryThenSuccess, observe: (log) => ({ plugins: [stepAttempts(log, false)] }) },
  "10-12": { workflow: pluginParallelConstants, observe: (log) => ({ plugins: [branchFunctions(log)] }) },
  "10-15": { workflow: pluginAlwaysFails, observe: (log) => ({ plugins: [stepAttempts(log, true)] }) },
  "10-21": { workflow: pluginFlaky, observe: (log) => ({ plugins: [attemptDumps(log)] }) },
};
