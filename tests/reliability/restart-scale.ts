// How a journal with many finished executions restarts: runs N one-step executions on a served journal (in
// process, real time), then loads the journal into a new service and reports the time and the heap.
// node --expose-gc --import tsx tests/reliability/restart-scale.ts [N] [DIR]
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { step, workflow } from "../../lib/index";
import { Journal } from "../../lib/local/journal";
import { LocalService } from "../../lib/local/service";

const count = Number(process.argv[2] ?? 10_000);
const dir = process.argv[3] ?? mkdtempSync(join(tmpdir(), "durable-scale-"));
const one = workflow("one", function* (input: { n: number }) {
  return yield* step("double", () => input.n * 2);
});
const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return (process.memoryUsage().heapUsed / 1e6).toFixed(0);
};

const started = Date.now();
const first = new LocalService({ journal: new Journal(dir) });
first.register("one", one);
const heapBefore = heapMb();
for (let from = 0; from < count; from += 500) {
  const arns = [];
  for (let n = from; n < Math.min(count, from + 500); n++) arns.push(first.start("one", { n }, `e-${n}`).executionArn);
  for (const arn of arns) await first.result(arn);
}
const ran = (Date.now() - started) / 1000;
const heapAfterRun = heapMb();
first.close();
const journalBytes = statSync(join(dir, "journal.ndjson")).size;
const archives = readdirSync(join(dir, "executions")).length;

const loading = Date.now();
const second = new LocalService({ journal: new Journal(dir) });
second.register("one", one);
second.load();
const loaded = (Date.now() - loading) / 1000;
const heapAfterLoad = heapMb();
const sample = second.get(second.summaries("one")[Math.floor(count / 2)]!.executionArn);
console.log(JSON.stringify({
  executions: count, runSeconds: ran, heapMbBefore: Number(heapBefore), heapMbAfterRun: Number(heapAfterRun), journalBytes, archives,
  restartLoadSeconds: loaded, heapMbAfterRestart: Number(heapAfterLoad), listed: second.summaries("one").length, sampleStatus: sample.status, sampleResult: sample.result,
}));
second.close();
