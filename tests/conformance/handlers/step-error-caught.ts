import { retryPresets, step, workflow } from "../../../lib/index";

/** 1-20: the step's error is caught by the workflow, which carries on with a second step. */
export const stepErrorCaught = workflow("step-error-caught", function* () {
  let fallback: string;
  try {
    fallback = yield* step("risky", (): string => { throw new Error("risky failed"); }, { retry: retryPresets.none });
  } catch {
    fallback = "fallback";
  }
  return yield* step("recover", () => `${fallback}_result`);
});
