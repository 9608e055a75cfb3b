import type { OperationInfo, Plugin } from "../../../lib/index";
import type { ConformanceHandler } from "../run-requirement";
import { dump, parentOrNone, recorder } from "./plugin-recorder";
import { pluginChildGreet, pluginGreet, pluginParallelNamedBranches, pluginParallelWaits, pluginTaskA, pluginTwoStepsFail, pluginTwoStepsRetry, pluginWait } from "./plugin-workflows";

type Log = (line: string) => void;
type Fields = (info: OperationInfo) => Record<string, unknown>;

/** operation-start / operation-end records for the operations `only` accepts, with the fields each requirement logs. */
function operations(log: Log, only: (info: OperationInfo) => boolean, start: Fields | undefined, end: Fields | undefined): Plugin {
  const out = recorder(log, "CONFPLUGIN");
  return {
    onInvocationStart: (info) => out.capture(info),
    ...(start === undefined ? {} : { onOperationStart: (info: OperationInfo) => { if (only(info)) out.emit("operation-start", start(info)); } }),
    ...(end === undefined ? {} : { onOperationEnd: (info: OperationInfo) => { if (only(info)) out.emit("operation-end", end(info)); } }),
  };
}

const steps = (info: OperationInfo) => info.type === "STEP";
const waits = (info: OperationInfo) => info.type === "WAIT";
const contexts = (info: OperationInfo) => info.type === "CONTEXT";
const everything = () => true;

export const pluginOperationHandlers: Record<string, ConformanceHandler> = {
  "10-2": { workflow: pluginGreet, observe: (log) => ({ plugins: [operations(log, steps, (i) => ({ op: i.id }), (i) => ({ op: i.id, status: i.status }))] }) },
  "10-10": {
    workflow: pluginWait,
    observe: (log) => ({ plugins: [operations(log, waits, (i) => ({ op: i.id, type: i.type.toUpperCase() }), (i) => ({ op: i.id, type: i.type.toUpperCase(), status: i.status }))] }),
  },
  "10-11": { workflow: pluginChildGreet, observe: (log) => ({ plugins: [operations(log, everything, undefined, (i) => ({ op: i.id, parent: parentOrNone(i), status: i.status }))] }) },
  "10-13": { workflow: pluginTwoStepsRetry, observe: (log) => ({ plugins: [operations(log, steps, (i) => ({ op: i.id, replay: i.isReplay }), (i) => ({ op: i.id, status: i.status }))] }) },
  "10-14": {
    workflow: pluginTwoStepsFail,
    observe: (log) => ({ plugins: [operations(log, steps, undefined, (i) => ({ op: i.id, status: i.status, result: i.result ?? "NONE", error: i.error?.message ?? "NONE" }))] }),
  },
  "10-18": {
    workflow: pluginParallelWaits,
    observe: (log) => ({
      plugins: [operations(
        log,
        waits,
        (i) => ({ type: "WAIT", name: i.name, replay: i.isReplay, pending: i.status !== "SUCCEEDED" && i.status !== "FAILED" && i.endTimestamp === undefined }),
        (i) => ({ type: "WAIT", name: i.name, status: i.status }),
      )],
    }),
  },
  "10-20": { workflow: pluginTaskA, observe: (log) => ({ plugins: [operations(log, steps, dump, dump)] }) },
  "10-23": {
    workflow: pluginParallelNamedBranches,
    observe: (log) => {
      const plugin = operations(log, contexts, dump, undefined);
      const out = recorder(log, "CONFPLUGIN");
      return {
        plugins: [{
          ...plugin,
          onInvocationStart(info) {
            plugin.onInvocationStart?.(info);
            out.capture(info);
          },
          onOperationAttemptStart(info) {
            if (info.type === "CONTEXT") out.emit("fn-start", dump(info));
          },
        }],
      };
    },
  },
};
