import { BatchResult, map, wait, workflow, type Serdes } from "../../../lib/index";

/** Records the whole batch as "OPSERDE:" and the results, comma-separated. */
const opSerdes: Serdes<BatchResult<string>> = {
  serialize: (result) => `OPSERDE:${result.getResults().join(",")}`,
  deserialize: (data) => new BatchResult((data ?? "OPSERDE:").slice("OPSERDE:".length).split(",").map((result, index) => ({ index, status: "SUCCEEDED" as const, result })), "ALL_COMPLETED"),
};

/** 9-20: the operation-level serdes reads the batch back on replay, after a wait. */
export const mapOperationSerdesReplay = workflow("map-operation-serdes-replay", function* () {
  const batch = yield* map("op-serde-replay", ["x", "y"], function* (item) { return item.toUpperCase(); }, { maxConcurrency: 1, serdes: opSerdes });
  yield* wait("pause", 1);
  return batch.getResults();
});
