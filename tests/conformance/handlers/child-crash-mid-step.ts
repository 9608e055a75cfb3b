import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { child, durableHandler, step, workflow } from "../../../lib/index";

/**
 * 3-12: the process dies after ContextStarted and StepStarted were checkpointed but before the step's result; the
 * next invocation runs the step again. A marker file tells the first run from the second.
 */
export const childCrashMidStep = workflow("child-crash-mid-step", function* (input: string, ctx) {
  const marker = join(tmpdir(), `durable-conformance-3-12-${Buffer.from(ctx.executionArn).toString("base64url").slice(-24)}`);
  return yield* child("crashing-child", function* () {
    return yield* step("echo", async () => {
      if (!existsSync(marker)) {
        writeFileSync(marker, "crashed once");
        await new Promise((resolve) => setTimeout(resolve, 100));
        process.exit(1);
      }
      return input;
    });
  });
});

export const handler = durableHandler(childCrashMidStep);
