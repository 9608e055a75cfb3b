// The sample runs whose histories samples/histories/ keeps: each one the workflow, its input and what the test
// answers (callbacks, invoked functions).
import type { Workflow } from "durable-gen";
import { runLocal, type LocalRunResult } from "durable-gen/testing";
import { orderWorkflow } from "../order";
import { tripWorkflow } from "../saga";
import { invoicesWorkflow } from "../fanout";
import { exportWorkflow } from "../polling";
import { agentWorkflow } from "../agent";
import { handler as modelHandler } from "../agent-model.handler";

export interface Scenario {
  readonly name: string;
  readonly workflow: Workflow<never, unknown>;
  readonly run: () => Promise<LocalRunResult<unknown>>;
}

const scenario = <I, O>(name: string, workflow: Workflow<I, O>, run: () => Promise<LocalRunResult<O>>): Scenario => ({ name, workflow: workflow as Workflow<never, unknown>, run });

export const SCENARIOS: readonly Scenario[] = [
  scenario("order", orderWorkflow, () => runLocal(orderWorkflow, { id: "o-7", lines: [{ sku: "book", qty: 2, price: 12 }, { sku: "pen", qty: 5, price: 2 }] }, {
    callbacks: { approval: { succeed: { approved: true, by: "dana" }, after: { minutes: 5 } } },
  })),
  scenario("saga", tripWorkflow, () => runLocal(tripWorkflow, { traveller: "ada@example.com", from: "LHR", to: "LIS", nights: 3, car: "van" })),
  scenario("fanout", invoicesWorkflow, () => runLocal(invoicesWorkflow, {
    month: "2026-10",
    customers: [
      { id: "c1", email: "c1@example.com", amount: 10 },
      { id: "c2", email: "unknown", amount: 20 },
      { id: "c3", email: "c3@example.com", amount: 30 },
    ],
  })),
  scenario("polling", exportWorkflow, () => runLocal(exportWorkflow, { dataset: "orders", checksUntilReady: 4 })),
  scenario("agent", agentWorkflow, () => runLocal(agentWorkflow, { goal: "durable functions pricing" }, {
    functions: { "agent-model": { kind: "handler", handler: modelHandler as (event: unknown) => unknown, durable: false } },
  })),
];
