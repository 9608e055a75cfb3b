import { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableUsageError } from "../dsl/errors";
import { describe } from "../dsl/describe";
import { isWorkflow, type Workflow } from "../dsl/workflow";
import { HistorySnapshot, invocationOutput, runWorkflow, type DurablePort, type LogSink } from "../interpreter/index";
import type { ErrorObject, InvocationOutput, Operation } from "../interpreter/wire";
import { awsPort } from "./aws/port";
import { failsExecution } from "./aws/errors";
import { parseInvocationEvent, checkOperation } from "./event";

export interface DurableHandlerOptions {
  /** The client for the checkpoint API; by default a LambdaClient (which honours AWS_ENDPOINT_URL_LAMBDA). */
  client?: LambdaClient;
  /** Where log lines go; console.log by default. */
  log?: LogSink;
}

export type DurableHandler = (event: unknown, context?: unknown) => Promise<InvocationOutput>;

/** The Lambda entry point for a workflow: `export const handler = durableHandler(myWorkflow)`. */
export function durableHandler<I, O>(workflow: Workflow<I, O>, options: DurableHandlerOptions = {}): DurableHandler {
  if (!isWorkflow(workflow)) {
    throw new DurableUsageError(`durableHandler() needs a workflow made with workflow(name, function* ...), got ${describe(workflow)}`);
  }
  let client = options.client;
  return async (event) => {
    const invocation = parseInvocationEvent(event);
    client ??= new LambdaClient({});
    const port = awsPort(client, invocation.DurableExecutionArn);
    try {
      const operations = await allOperations(port, invocation.CheckpointToken, invocation.InitialExecutionState.Operations ?? [], invocation.InitialExecutionState.NextMarker);
      const snapshot = HistorySnapshot.of(operations);
      const input = readInput(snapshot);
      if (!input.ok) return { Status: "FAILED", Error: input.error };
      const { outcome } = await runWorkflow(workflow, input.value as I, {
        executionArn: invocation.DurableExecutionArn,
        checkpointToken: invocation.CheckpointToken,
        snapshot,
        port,
        log: options.log,
      });
      return invocationOutput(outcome);
    } catch (error) {
      if (!failsExecution(error)) throw error;
      return { Status: "FAILED", Error: checkpointFailure(error) };
    }
  };
}

async function allOperations(port: DurablePort, token: string, first: Operation[], nextMarker: string | undefined): Promise<Operation[]> {
  if (!nextMarker) return first;
  const operations = first.slice();
  let marker: string | undefined = nextMarker;
  while (marker) {
    const page = await port.getState(token, marker);
    const pageOperations = page.Operations ?? [];
    pageOperations.forEach((operation, index) => checkOperation(operation, `GetDurableExecutionState page operation ${index}`));
    operations.push(...pageOperations);
    marker = page.NextMarker;
  }
  return operations;
}

function readInput(snapshot: HistorySnapshot): { ok: true; value: unknown } | { ok: false; error: ErrorObject } {
  const payload = snapshot.execution()?.ExecutionDetails?.InputPayload;
  if (payload === undefined || payload === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(payload) };
  } catch (error) {
    return { ok: false, error: { ErrorType: "InvalidInputError", ErrorMessage: `the execution's input is not JSON: ${(error as Error).message}` } };
  }
}

function checkpointFailure(error: unknown): ErrorObject {
  const { name, message } = error as { name?: unknown; message?: unknown };
  return { ErrorType: "CheckpointFailedError", ErrorMessage: `the service rejected a checkpoint (${String(name)}): ${String(message)}` };
}
