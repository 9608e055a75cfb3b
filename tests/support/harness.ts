import type { Workflow } from "../../dsl/workflow";
import { runWorkflow, type RunResult } from "../../interpreter/index";
import type { OperationUpdate } from "../../interpreter/wire";
import { LocalExecution } from "../../lib/local/execution";
import { LocalHttpServer } from "../../lib/local/http";
import { LocalService, type LocalServiceOptions } from "../../lib/local/service";
import { prepareInvocation } from "../../lib/invocation";
import { MemoryExecution } from "./memory-execution";

let executions = 0;

/** A new execution in memory (memory-execution.ts); the interpreter's unit tests run against it, not the local service. */
export function newMemoryExecution(input?: unknown): MemoryExecution {
  return new MemoryExecution(executionArn(), input);
}

/** A new execution of the local service (lib/local), for the tests that exercise the service or go through HTTP. */
export function newExecution(input?: unknown): LocalExecution {
  return new LocalExecution(executionArn(), input);
}

function executionArn(): string {
  return `arn:aws:lambda:us-east-1:123456789012:function:test:$LATEST/durable-execution/run-${++executions}/x`;
}

export interface Invocation extends RunResult {
  logs: Record<string, unknown>[];
}

/** One invocation, as Lambda would make it now: the execution's whole state in the event. */
export async function invoke<I, O>(workflow: Workflow<I, O>, execution: MemoryExecution | LocalExecution): Promise<Invocation> {
  const port = execution.port();
  const invocation = await prepareInvocation(execution.event(), (token, marker) => port.getState(token, marker));
  const logs: Record<string, unknown>[] = [];
  const result = await runWorkflow(workflow, invocation.input as I, {
    executionArn: invocation.executionArn,
    checkpointToken: invocation.checkpointToken,
    snapshot: invocation.snapshot,
    port,
    log: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { ...result, logs };
}

/** The updates of every checkpoint call, in order, in one list (`shape` drops their ids). */
export function sent(execution: MemoryExecution | LocalExecution): OperationUpdate[] {
  return execution.checkpoints.flat();
}

export function shape(update: OperationUpdate): Record<string, unknown> {
  const { Id: _id, ParentId: _parent, ...rest } = update;
  return rest;
}

/** A counter of calls, to assert that replay runs no user function. */
export function counter(): { count: number; tick: () => number } {
  const state = { count: 0, tick: () => ++state.count };
  return state;
}

/** A local service served over HTTP on 127.0.0.1, for tests that go through the real client-lambda. */
export async function httpService(options: LocalServiceOptions = {}): Promise<{ service: LocalService; server: LocalHttpServer; url: string; close: () => Promise<void> }> {
  const service = new LocalService(options);
  const server = new LocalHttpServer(service);
  const url = await server.listen();
  return { service, server, url, close: () => server.close() };
}
