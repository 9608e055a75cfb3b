import { test } from "uvu";
import * as assert from "uvu/assert";
import { invoke as invokeOp, InvokeFailedError, workflow } from "../../../../dsl/index";
import { invoke, newMemoryExecution, sent, shape } from "../../../support/harness";

test("invoke: START with the payload and function, PENDING until the service records the result", async () => {
  const wf = workflow("chain", function* (text: string) {
    const echoed = yield* invokeOp<{ echoed: string }>("echo", "echo-fn", { text }, { tenantId: "t-1" });
    return echoed.echoed;
  });
  const execution = newMemoryExecution("hi");
  assert.equal((await invoke(wf, execution)).outcome, { status: "PENDING" });
  assert.equal(shape(sent(execution)[0]!), {
    Type: "CHAINED_INVOKE", SubType: "ChainedInvoke", Name: "echo", Action: "START", Payload: '{"text":"hi"}',
    ChainedInvokeOptions: { FunctionName: "echo-fn", TenantId: "t-1" },
  });
  execution.completeInvoke("echo", { result: '{"echoed":"hi!"}' });
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: '"hi!"' });
});

test("invoke: a failed function throws InvokeFailedError with the recorded error", async () => {
  const wf = workflow("chain-fail", function* () {
    try {
      yield* invokeOp("charge", "charge-fn");
    } catch (error) {
      if (error instanceof InvokeFailedError) return `${error.errorType}/${error.message}/${error.data}`;
      throw error;
    }
    return "no";
  });
  const execution = newMemoryExecution();
  await invoke(wf, execution);
  assert.equal(shape(sent(execution)[0]!), { Type: "CHAINED_INVOKE", SubType: "ChainedInvoke", Name: "charge", Action: "START", ChainedInvokeOptions: { FunctionName: "charge-fn" } });
  execution.completeInvoke("charge", { error: { ErrorType: "CardDeclined", ErrorMessage: "declined", ErrorData: "{\"code\":51}" } });
  assert.equal((await invoke(wf, execution)).outcome, { status: "SUCCEEDED", result: JSON.stringify('CardDeclined/declined/{"code":51}') });
});

test.run();
