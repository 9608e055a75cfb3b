import { wait, workflow } from "../../../lib/index";

/** 2-2: a wait with an explicit name. */
export const waitNamed = workflow("wait-named", function* () {
  yield* wait("custom_wait_name", 2);
});
