import { wait, workflow } from "../../../lib/index";

/** 2-3: two waits one after the other, each suspending the execution. */
export const waitSequential = workflow("wait-sequential", function* () {
  yield* wait("wait-1", 2);
  yield* wait("wait-2", 2);
  return { completedWaits: 2 };
});
