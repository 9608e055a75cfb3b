import { child, step, workflow, type Serdes } from "../../../lib/index";

/** Records the string itself, upper-cased (not as JSON). */
const uppercase: Serdes<string> = {
  serialize: (value) => value.toUpperCase(),
  deserialize: (data) => data ?? "",
};

/** 3-14: a child context whose serdes upper-cases its result. */
export const childCustomSerdes = workflow("child-custom-serdes", function* (input: string) {
  return yield* child("shouting", function* () { return yield* step("echo", () => input); }, { serdes: uppercase });
});
