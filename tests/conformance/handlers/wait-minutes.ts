import { wait, workflow } from "../../../lib/index";

/** 2-4: a wait given in minutes. */
export const waitMinutes = workflow("wait-minutes", function* () {
  yield* wait("one-minute", { minutes: 1 });
});
