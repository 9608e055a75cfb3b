import { LambdaClient } from "@aws-sdk/client-lambda";
import { DurableUsageError } from "../dsl/errors";
import { describe } from "../dsl/describe";
import { isWorkflow, type Workflow } from "../dsl/workflow";
import { invocationOutput, runWorkflow, type LogSink, type Plugin } from "../interpreter/index";
import { InvocationError } from "../interpreter/invocation-error";
import type { ErrorObject, InvocationOutput } from "../interpreter/wire";
import { awsPort } from "./aws/port";
import { failsExecution } from "./aws/errors";
import { localClientOf, markDurableHandler } from "./aws/local-client";
import { InvalidInputError, prepareInvocation } from "./invocation";
import { withEnvironmentPlugins } from "./plugins/load";
import { observedRunOptions, type ObservabilityOptions } from "./plugins/options";

/**
 * Options of durableHandler.
 * @example
 * export const handler = durableHandler(orderFlow, { client: new LambdaClient({ region: "eu-west-1" }), log: (line) => process.stdout.write(`${line}\n`) });
 */
export interface DurableHandlerOptions extends ObservabilityOptions {
  /**
   * The client for the checkpoint API; by default a LambdaClient (which honours AWS_ENDPOINT_URL_LAMBDA), or, when
   * the local service runs this handler in its own process, the service's client.
   */
  client?: LambdaClient;
  /** Where log lines go; console.log by default. */
  log?: LogSink;
}

/**
 * A Lambda handler for a durable function: takes the durable invocation event, answers SUCCEEDED, FAILED or PENDING.
 * @example
 * const handler: DurableHandler = durableHandler(orderFlow);
 * const output = await handler(event); // { Status: "PENDING" } while the workflow waits
 */
export type DurableHandler = (event: unknown, context?: unknown) => Promise<InvocationOutput>;

/**
 * The Lambda entry point for a workflow. Each invocation builds its snapshot and input from the event
 * (prepareInvocation, lib/invocation.ts), replays and runs the workflow, and answers. A bad event is an
 * InvalidEventError, a failed checkpoint call or an unending page of state an InvocationError (rethrown: Lambda
 * retries the invocation); a 4xx the service gives fails the execution.
 * @example
 * export const handler = durableHandler(workflow("hello", function* (input: { name: string }) {
 *   return yield* step("greet", () => `Hello, ${input.name}`);
 * }));
 */
export function durableHandler<I, O>(workflow: Workflow<I, O>, options: DurableHandlerOptions = {}): DurableHandler {
  if (!isWorkflow(workflow)) {
    throw new DurableUsageError(`durableHandler() needs a workflow made with workflow(name, function* ...), got ${describe(workflow)}`);
  }
  let defaultClient: LambdaClient | undefined;
  let plugins: Promise<readonly Plugin[]> | undefined;
  return markDurableHandler(async (event: unknown, context?: unknown) => {
    const client = options.client ?? localClientOf(context) ?? (defaultClient ??= new LambdaClient({}));
    const executionArn = (event as { DurableExecutionArn?: unknown } | null)?.DurableExecutionArn;
    const port = awsPort(client, typeof executionArn === "string" ? executionArn : "");
    try {
      const invocation = await prepareInvocation(event, (token, marker) => port.getState(token, marker));
      plugins ??= withEnvironmentPlugins(options.plugins);
      const observed = { ...options, plugins: await plugins };
      const { outcome } = await runWorkflow(workflow, invocation.input as I, {
        executionArn: invocation.executionArn,
        checkpointToken: invocation.checkpointToken,
        snapshot: invocation.snapshot,
        port,
        log: options.log,
        ...observedRunOptions(observed, { sink: options.log ?? defaultSink, requestId: requestIdOf(context), updatedOperationIds: invocation.updatedOperationIds, failsExecution }),
      });
      return invocationOutput(outcome);
    } catch (error) {
      if (error instanceof InvalidInputError) return { Status: "FAILED", Error: { ErrorType: error.name, ErrorMessage: error.message } };
      if (!(error instanceof Error)) throw new InvocationError(`the Lambda client failed with ${describe(error)}, which is not an Error; the invocation is retried`, error);
      if (!failsExecution(error)) throw error;
      return { Status: "FAILED", Error: checkpointFailure(error) };
    }
  });
}

const defaultSink: LogSink = (line) => console.log(line);

function requestIdOf(context: unknown): string | undefined {
  const id = (context as { awsRequestId?: unknown } | null | undefined)?.awsRequestId;
  return typeof id === "string" ? id : undefined;
}

function checkpointFailure(error: unknown): ErrorObject {
  const { name, message } = error as { name?: unknown; message?: unknown };
  return { ErrorType: "CheckpointFailedError", ErrorMessage: `the service rejected a checkpoint (${String(name)}): ${String(message)}` };
}
