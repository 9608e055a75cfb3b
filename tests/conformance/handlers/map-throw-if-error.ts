import { map, workflow, type OpGenerator } from "../../../lib/index";

/** Items named "fail..." throw; the others return "ok". */
function* item(name: string): OpGenerator<string> {
  if (name.startsWith("fail")) throw new Error(`item failed ${name}`);
  return "ok";
}

/** 9-6: throwIfError() turns the first item failure into the execution's failure. */
export const mapThrowIfError = workflow("map-throw-if-error", function* () {
  const batch = yield* map("throwing", ["fail0", "ok1"], item, { maxConcurrency: 1, completion: { toleratedFailureCount: 0 } });
  batch.throwIfError();
  return batch.getResults();
});
