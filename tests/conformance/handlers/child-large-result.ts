import { child, step, wait, workflow } from "../../../lib/index";

/** 3-11: a child context whose result is over 256 KB: recorded with ReplayChildren and rebuilt on replay. */
export const childLargeResult = workflow("child-large-result", function* (input: string, ctx) {
  const large = yield* child("large", function* () {
    ctx.logger.info(`building a large result for ${input}`);
    const small = yield* step("small", () => input);
    return small.repeat(Math.ceil((300 * 1024) / Math.max(1, small.length)));
  });
  yield* wait("pause", 1);
  return large.length;
});
