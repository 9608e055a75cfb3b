import { BatchResult, map, workflow, type Serdes } from "../../../lib/index";

/** Records the whole batch as "OPSERDE:" and the results, comma-separated. */
const opSerdes: Serdes<BatchResult<string>> = {
  serialize: (result) => `OPSERDE:${result.getResults().join(",")}`,
  deserialize: (data) => new BatchResult((data ?? "OPSERDE:").slice("OPSERDE:".length).split(",").map((result, index) => ({ index, status: "SUCCEEDED" as const, result })), "ALL_COMPLETED"),
};

/** 9-19: the whole batch recorded through an operation-level serdes. */
export const mapOperationSerdes = workflow("map-operation-serdes", function* () {
  const batch = yield* map("op-serde", ["x", "y"], function* (item) { return item.toUpperCase(); }, { maxConcurrency: 1, serdes: opSerdes });
  return batch.getResults();
});
