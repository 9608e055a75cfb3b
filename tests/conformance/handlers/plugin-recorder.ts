import type { AttemptEndInfo, AttemptInfo, OperationInfo } from "../../../lib/index";

/**
 * What the plugin requirements' instrumentation plugins write: one JSON line per hook event,
 * `{"plugin": TAG, "hook": ..., ...fields, "durableExecutionArn": ...}`, the ARN captured at invocation start.
 */
export function recorder(log: (line: string) => void, plugin: string) {
  let executionArn: string | undefined;
  return {
    capture(info: { readonly executionArn: string }): void {
      executionArn = info.executionArn;
    },
    emit(hook: string, fields: Record<string, unknown> = {}): void {
      log(JSON.stringify({ plugin, hook, ...fields, durableExecutionArn: executionArn }));
    },
  };
}

/** The canonical camelCase dump of an operation's or attempt's info (10-20 .. 10-23): unset fields omitted. */
export function dump(info: OperationInfo | AttemptInfo | AttemptEndInfo): Record<string, unknown> {
  const record: Record<string, unknown> = { id: info.id, name: info.name, type: info.type, subType: info.subType, parentId: info.parentId, status: info.status };
  if (info.startTimestamp !== undefined) record.startTimestamp = info.startTimestamp.toISOString();
  if (info.endTimestamp !== undefined) record.endTimestamp = info.endTimestamp.toISOString();
  if (info.error !== undefined) record.error = info.error.message;
  if (info.attempt !== undefined) record.attempt = info.attempt;
  record.isReplay = info.isReplay;
  if ("isReplayingChildren" in info && info.isReplayingChildren !== undefined) record.isReplayingChildren = info.isReplayingChildren;
  if ("outcome" in info) record.outcome = info.outcome;
  return record;
}

export const parentOrNone = (info: OperationInfo) => info.parentId ?? "NONE";
