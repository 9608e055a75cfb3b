import { child, wait, workflow } from "../../../lib/index";

/** 3-17: a child that only logs, then a wait: the replay does not run the child body again. */
export const childLogsOnly = workflow("child-logs-only", function* (input: string, ctx) {
  const result = yield* child("logging-child", function* () {
    ctx.logger.info(`child body ran for ${input}`);
    return input;
  });
  yield* wait("pause", 1);
  return result;
});
