import type { Plugin } from "../../../lib/index";
import type { ConformanceHandler } from "../run-requirement";
import { dump, recorder } from "./plugin-recorder";
import { pluginGreet, pluginTaskA, pluginWait } from "./plugin-workflows";

type Log = (line: string) => void;

/** 10-8: each step in a change's delta, with its status and whether the full map has it. */
function stepChanges(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  return {
    onInvocationStart: (info) => out.capture(info),
    onOperationChange(info) {
      for (const [id, item] of Object.entries(info.updatedOperations)) {
        if (item.type === "STEP") out.emit("operation-change", { op: id, status: item.status, in_full_map: Object.hasOwn(info.operations, id) });
      }
    },
  };
}

/** 10-22: canonical dumps of the steps in a change's delta, with the change's own fields. */
function changeDumps(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  return {
    onInvocationStart: (info) => out.capture(info),
    onOperationChange(info) {
      const counts = { executionArn: info.executionArn, updatedOperationsCount: Object.keys(info.updatedOperations).length, operationsCount: Object.keys(info.operations).length };
      for (const [id, item] of Object.entries(info.updatedOperations)) {
        if (item.type === "STEP") out.emit("operation-change", { ...counts, inFullMap: Object.hasOwn(info.operations, id), ...dump(item) });
      }
    },
  };
}

/** 10-9: the waits the invocation-start info reports as updated from outside since the last invocation. */
function updatedOnInvoke(log: Log): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  return {
    onInvocationStart(info) {
      out.capture(info);
      for (const [id, item] of Object.entries(info.updatedOperations)) {
        if (item.type === "WAIT") out.emit("updated-on-invoke", { op: id, status: item.status, first: info.isFirstInvocation });
      }
    },
  };
}

export const pluginChangeHandlers: Record<string, ConformanceHandler> = {
  "10-8": { workflow: pluginGreet, observe: (log) => ({ plugins: [stepChanges(log)] }) },
  "10-9": { workflow: pluginWait, observe: (log) => ({ plugins: [updatedOnInvoke(log)] }) },
  "10-22": { workflow: pluginTaskA, observe: (log) => ({ plugins: [changeDumps(log)] }) },
};
