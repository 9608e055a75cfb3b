import { wait, workflow } from "../../../lib/index";

/** 2-5: a wait given in hours. */
export const waitHours = workflow("wait-hours", function* () {
  yield* wait("one-hour", { hours: 1 });
});
