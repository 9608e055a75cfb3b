import { wait, workflow } from "../../../lib/index";

/** 2-1: a single 2-second wait. */
export const waitSeconds = workflow("wait-seconds", function* () {
  yield* wait("pause", 2);
});
