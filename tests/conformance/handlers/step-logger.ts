import { step, workflow } from "../../../lib/index";

/** 1-7: a step that logs through its context's logger. */
export const stepLogger = workflow("step-logger", function* (input: string) {
  return yield* step("greet", (ctx) => {
    ctx.logger.info(`Greeting step started for: ${input}`);
    const greeting = `Hello, ${input}!`;
    ctx.logger.info(`Greeting step completed with: ${greeting}`);
    return greeting;
  });
});
