import { step, workflow, type Serdes } from "../../../lib/index";

const uppercase: Serdes<string> = {
  serialize: (value) => JSON.stringify(value.toUpperCase()),
  deserialize: (data) => (data === undefined ? "" : (JSON.parse(data) as string)),
};

/** 1-6: a step whose serdes upper-cases strings when it records them. */
export const stepCustomSerdes = workflow("step-custom-serdes", function* (input: string) {
  return yield* step("return_input", () => input, { serdes: uppercase });
});
