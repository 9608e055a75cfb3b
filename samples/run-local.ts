// The main job: runs the order sample end to end on a local durable service on 127.0.0.1, through the real
// client-lambda, playing the outside world (retry timers, the approval callback, the cool-off timer) in between
// invocations and printing what each invocation did.
import { LambdaClient } from "@aws-sdk/client-lambda";
import { durableHandler } from "../lib/index";
import { LocalExecution } from "../lib/local/execution";
import { LocalHttpService } from "../lib/local/http";
import type { Operation } from "../interpreter/wire";
import { orderWorkflow, type Order } from "./order";

// The SDK warns that its 2027 releases will need Node 22; this sample runs on Node 20 as well.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const order: Order = { id: "o-42", lines: [{ sku: "book", qty: 2, price: 12 }, { sku: "pen", qty: 5, price: 2 }] };

const service = new LocalHttpService();
const endpoint = await service.listen();
const client = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
const logs: string[] = [];
const handler = durableHandler(orderWorkflow, { client, log: (line) => logs.push(line) });
const execution = service.add(new LocalExecution("arn:aws:lambda:us-east-1:000000000000:function:order:$LATEST/durable-execution/o-42/local", order));

console.log(`local durable service on ${endpoint}`);
console.log(`execution ${execution.executionArn}\n`);
const seen = new Map<string, string>();
try {
  for (let invocation = 1; invocation <= 10; invocation++) {
    const output = await handler(JSON.parse(JSON.stringify(execution.event())));
    console.log(`invocation ${invocation}: ${output.Status}`);
    for (const operation of execution.all()) report(operation);
    for (const line of logs.splice(0)) console.log(`    log ${line}`);
    if (output.Status !== "PENDING") {
      console.log(`\nresult: ${output.Status === "FAILED" ? JSON.stringify(output.Error) : output.Result}`);
      process.exitCode = output.Status === "SUCCEEDED" ? 0 : 1;
      break;
    }
    actOnPending();
  }
} finally {
  client.destroy();
  await service.close();
}

function report(operation: Operation): void {
  if (operation.Type === "EXECUTION") return;
  const state = `${operation.Status}${operation.StepDetails?.Attempt ? ` after ${operation.StepDetails.Attempt} attempt(s)` : ""}`;
  if (seen.get(operation.Id) === state) return;
  seen.set(operation.Id, state);
  const result = operation.StepDetails?.Result ?? operation.ContextDetails?.Result ?? "";
  console.log(`  ${(operation.Name ?? `(${operation.SubType})`).padEnd(10)} ${operation.Type.padEnd(8)} ${state} ${result}`);
}

/** What the outside world does next: retry delays pass, a manager approves, timers fire. */
function actOnPending(): void {
  for (const operation of execution.all()) {
    if (operation.Status === "PENDING") {
      console.log(`  ... the retry delay of "${operation.Name}" passes`);
      execution.passRetryDelays();
    } else if (operation.Type === "CALLBACK" && operation.Status === "STARTED") {
      console.log("  ... a manager approves the order");
      execution.succeedCallback(operation.CallbackDetails!.CallbackId!, JSON.stringify({ approved: true, by: "dana" }));
    } else if (operation.Type === "WAIT" && operation.Status === "STARTED") {
      console.log(`  ... the ${operation.Name} timer fires`);
      execution.completeWait(operation.Name!);
    }
  }
}
