import { createCallback, workflow, type Serdes } from "../../../lib/index";

interface Received {
  id: string;
  message: string;
  timestamp: number;
}

/** Reads the sent JSON and turns its ISO timestamp into epoch seconds. */
const receivedSerdes: Serdes<Received> = {
  serialize: (value) => JSON.stringify(value),
  deserialize: (data) => {
    const raw = JSON.parse(data ?? "{}") as { id: string; message: string; timestamp: string | number };
    return { ...raw, timestamp: typeof raw.timestamp === "string" ? Date.parse(raw.timestamp) / 1000 : raw.timestamp };
  },
};

/** 4-15: a callback whose serdes builds a typed object from the sent JSON. */
export const callbackCustomDeserializer = workflow("callback-custom-deserializer", function* (name: string) {
  const handle = yield* createCallback(name, { serdes: receivedSerdes });
  return { received: yield* handle.result };
});
