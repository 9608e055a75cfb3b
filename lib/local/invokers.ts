import { randomUUID } from "node:crypto";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { isDurableHandler, withLocalClient } from "../aws/local-client";
import { invocationOutput, runWorkflow } from "../../interpreter/index";
import { errorObjectOf } from "../../interpreter/error-objects";
import type { DurablePort } from "../../interpreter/port";
import type { DurableInvocationEvent, ErrorObject, InvocationOutput } from "../../interpreter/wire";
import { InvalidInputError, prepareInvocation, type PreparedInvocation } from "../invocation";
import type { LocalExecution } from "./execution";
import type { LocalFunction } from "./function-registry";
import type { Workflow } from "../../dsl/workflow";
import { invokeInProcess } from "./process-handler";
import { observedRunOptions } from "../plugins/options";

/**
 * How the service calls a function: a workflow in this process against the execution's port, a handler in this
 * process with the invocation event, or a module's handler in a process of its own over HTTP. The one place that
 * decides how an invocation reaches its code.
 */
export class Invokers {
  /** Set by the HTTP front end: what handlers get as AWS_ENDPOINT_URL_LAMBDA. */
  endpoint: string | undefined;
  /** Aborted when the service stops: the function processes still running are killed with it. */
  private readonly processes = new AbortController();
  private client: { readonly endpoint: string; readonly client: LambdaClient } | undefined;

  constructor(private readonly log: ((line: string) => void) | undefined) {}

  /** One invocation of a durable function; resolves with what the handler returned (checked by the caller). */
  invokeDurable(fn: LocalFunction, execution: LocalExecution, port: DurablePort): Promise<unknown> {
    const event = execution.event();
    if (fn.kind === "workflow") return this.runWorkflow(fn, event, port, fn.observe === undefined ? undefined : execution.invocations.at(-1)?.requestId);
    return this.callHandler(fn, execution.functionName, JSON.parse(JSON.stringify(event)));
  }

  /**
   * An in-process workflow goes the Lambda handler's way: the event is checked and paged by prepareInvocation, so a
   * bad history is refused here exactly as on Lambda; an input that is not JSON fails the execution.
   */
  private async runWorkflow(fn: Extract<LocalFunction, { kind: "workflow" }>, event: DurableInvocationEvent, port: DurablePort, requestId: string | undefined): Promise<InvocationOutput> {
    let invocation: PreparedInvocation;
    try {
      invocation = await prepareInvocation(event, (token, marker) => port.getState(token, marker));
    } catch (error) {
      if (error instanceof InvalidInputError) return { Status: "FAILED", Error: { ErrorType: error.name, ErrorMessage: error.message } };
      throw error;
    }
    // The registry takes a workflow of any input type; the input arrives as JSON, unchecked, as on Lambda.
    const { outcome } = await runWorkflow(fn.workflow as Workflow<unknown, unknown>, invocation.input, {
      executionArn: invocation.executionArn,
      checkpointToken: invocation.checkpointToken,
      snapshot: invocation.snapshot,
      port,
      log: this.log ?? (() => {}),
      ...(fn.stepMocks === undefined ? {} : { stepMocks: fn.stepMocks }),
      ...(fn.observe === undefined ? {} : observedRunOptions(fn.observe, { sink: this.log ?? (() => {}), requestId, updatedOperationIds: invocation.updatedOperationIds })),
    });
    return invocationOutput(outcome);
  }

  /** A plain (not durable) function: its result as JSON, or its error. */
  async callPlain(fn: Exclude<LocalFunction, { kind: "workflow" }>, name: string, payload: unknown): Promise<{ result?: string; error?: ErrorObject }> {
    try {
      const result = await this.callHandler(fn, name, payload);
      return { result: result === undefined ? undefined : JSON.stringify(result) };
    } catch (error) {
      return { error: errorObjectOf(error) };
    }
  }

  /** Kills the function processes still running: the service is stopping and will record none of their answers. */
  stop(): void {
    this.processes.abort();
  }

  private callHandler(fn: Exclude<LocalFunction, { kind: "workflow" }>, name: string, event: unknown): Promise<unknown> {
    const context = { functionName: name, functionVersion: "$LATEST", awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 900_000 };
    if (fn.kind === "handler") {
      if (this.endpoint !== undefined) {
        if (isDurableHandler(fn.handler)) withLocalClient(context, this.clientFor(this.endpoint));
        else exportEndpoint(this.endpoint);
      }
      return Promise.resolve().then(() => fn.handler(event, context));
    }
    if (this.endpoint === undefined) {
      return Promise.reject(new Error(`function ${name} runs in a process of its own and reaches the service over HTTP: serve this service with a LocalHttpServer first`));
    }
    const env: Record<string, string> = { AWS_LAMBDA_FUNCTION_NAME: name, AWS_REGION: process.env.AWS_REGION ?? "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    env.AWS_ENDPOINT_URL_LAMBDA = this.endpoint;
    const { getRemainingTimeInMillis: _remaining, ...serializable } = context;
    return invokeInProcess(fn.module, fn.exportName, event, serializable, env, this.log, this.processes.signal);
  }

  /** One client per endpoint, handed to every in-process durableHandler in its Lambda context. */
  private clientFor(endpoint: string): LambdaClient {
    if (this.client?.endpoint !== endpoint) {
      this.client = { endpoint, client: new LambdaClient({ endpoint, region: process.env.AWS_REGION ?? "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }) };
    }
    return this.client.client;
  }
}

/**
 * A handler of another SDK running in this process finds the service only through the environment, as on Lambda;
 * the variables are the same for every function, so they are set when they differ, not per invocation. Handlers
 * made with durableHandler get the service's client in their context instead, and `--process` functions an
 * environment of their own: neither touches process.env.
 */
function exportEndpoint(endpoint: string): void {
  if (process.env.AWS_ENDPOINT_URL_LAMBDA === endpoint) return;
  process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
}
