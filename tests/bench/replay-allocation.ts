// How much one warm replay of a recorded history of N steps allocates, in KB (the heap's used size around the
// handler's call, with a young generation large enough that no GC runs during it): the figure the replay path's
// comments cite. Run with
//   node --max-semi-space-size=512 --min-semi-space-size=512 --import tsx tests/bench/replay-allocation.ts [steps]
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { durableHandler, step, workflow } from "../../lib/index";
import { LocalExecution } from "../../lib/local/execution";

const n = Number(process.argv[2] ?? 3000);
const steps = workflow("steps", function* () {
  let total = 0;
  for (let i = 0; i < n; i++) total += yield* step(`s${i}`, () => 1);
  return total;
});
const execution = new LocalExecution("arn:aws:lambda:us-east-1:1:function:f:$LATEST/durable-execution/allocation/x", undefined);
const port = execution.port();
const client = { send: async (command: { input: { CheckpointToken: string; Updates: never[] } }) => port.checkpoint(command.input.CheckpointToken, command.input.Updates) } as unknown as LambdaClient;
const handler = durableHandler(steps, { client, log: () => {} });
await handler(JSON.parse(JSON.stringify(execution.event(n + 1))));
const eventJson = JSON.stringify(execution.event(n + 1));
const allocated: number[] = [];
for (let run = 0; run < 60; run++) {
  const event: unknown = JSON.parse(eventJson);
  const before = process.memoryUsage().heapUsed;
  await handler(event);
  allocated.push(process.memoryUsage().heapUsed - before);
}
allocated.sort((a, b) => a - b);
console.log(`replay of ${n} steps allocates ${(allocated[0]! / 1024).toFixed(0)} KB (least of 60 warm replays)`);
