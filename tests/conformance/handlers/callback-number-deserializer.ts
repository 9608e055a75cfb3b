import { createCallback, workflow, type Serdes } from "../../../lib/index";

const numberSerdes: Serdes<number> = { serialize: (value) => String(value), deserialize: (data) => Number.parseInt(data ?? "0", 10) };

/** 4-16: a callback whose serdes reads a number. */
export const callbackNumberDeserializer = workflow("callback-number-deserializer", function* (name: string) {
  const handle = yield* createCallback(name, { serdes: numberSerdes });
  const count = yield* handle.result;
  return { count, doubled: count * 2 };
});
