// Every sample runs end to end on the local service (time skipped) and gives the result its comment promises.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runLocal } from "durable-gen/testing";
import { orderWorkflow, type Order } from "../../samples/order";
import { tripWorkflow, type Trip } from "../../samples/saga";
import { invoicesWorkflow } from "../../samples/fanout";
import { exportWorkflow } from "../../samples/polling";
import { agentWorkflow } from "../../samples/agent";
import { handler as modelHandler } from "../../samples/agent-model.handler";

const order: Order = { id: "o-7", lines: [{ sku: "book", qty: 2, price: 12 }, { sku: "pen", qty: 5, price: 2 }] };

/** The operations of a run that have this name, in the order they were recorded. */
const named = (run: { events: readonly { EventType: string; Name?: string }[] }, name: string) =>
  run.events.filter((event) => event.Name === name).map((event) => event.EventType);

test("order: the charge succeeds on its second attempt, the manager approves, the order ships", async () => {
  const run = await runLocal(orderWorkflow, order, { callbacks: { approval: { succeed: { approved: true, by: "dana" }, after: { minutes: 5 } } } });
  assert.is(run.status, "SUCCEEDED", JSON.stringify(run.error));
  assert.equal(run.result, {
    status: "shipped",
    charge: { chargeId: "ch-o-7", amount: 34, attempt: 2 },
    shipment: { trackingId: "trk-o-7", lines: 2 },
    approvedBy: "dana",
  });
  assert.equal(named(run, "charge"), ["StepStarted", "StepFailed", "StepStarted", "StepSucceeded"]);
});

test("order: no answer within 24 hours refunds the charge", async () => {
  const run = await runLocal(orderWorkflow, order, { executionTimeoutSeconds: 3 * 24 * 3600 });
  assert.is(run.status, "SUCCEEDED", JSON.stringify(run.error));
  assert.equal(run.result, { status: "expired", refund: { refundId: "rf-ch-o-7", amount: 34 } });
  assert.ok(run.events.some((event) => event.EventType === "CallbackTimedOut"));
});

test("order: a manager who rejects stops the order before shipping", async () => {
  const run = await runLocal(orderWorkflow, order, { callbacks: { approval: { succeed: { approved: false, by: "sam" } } } });
  assert.equal(run.result, { status: "rejected", by: "sam" });
  assert.equal(named(run, "ship"), []);
});

const trip: Trip = { traveller: "ada@example.com", from: "LHR", to: "LIS", nights: 3, car: "compact" };

test("saga: every booking succeeds and nothing is compensated", async () => {
  const run = await runLocal(tripWorkflow, trip);
  assert.is(run.status, "SUCCEEDED", JSON.stringify(run.error));
  assert.equal(run.result, {
    status: "booked", flight: { flightId: "fl-LHR-LIS", seat: "14C" }, hotel: { hotelId: "ht-LIS", nights: 3 }, car: { carId: "car-LIS-compact" },
  });
  assert.equal(named(run, "cancel-hotel"), []);
});

test("saga: the car fails (twice), the hotel then the flight are cancelled, the traveller is told", async () => {
  const run = await runLocal(tripWorkflow, { ...trip, car: "van" });
  assert.is(run.status, "SUCCEEDED", JSON.stringify(run.error));
  assert.equal(run.result, { status: "rolled-back", reason: "no van available in LIS" });
  const steps = run.events.filter((event) => event.EventType === "StepSucceeded" || event.EventType === "StepFailed").map((event) => `${event.Name} ${event.EventType}`);
  assert.equal(steps, [
    "book-flight StepSucceeded", "book-hotel StepSucceeded", "book-car StepFailed", "book-car StepFailed",
    "cancel-hotel StepSucceeded", "cancel-flight StepSucceeded", "notify-traveller StepSucceeded",
  ]);
  assert.equal(named(run, "book-trip"), ["ContextStarted", "ContextFailed"]);
});

const customers = [
  { id: "c1", email: "c1@example.com", amount: 10 },
  { id: "c2", email: "unknown", amount: 20 },
  { id: "c3", email: "c3@example.com", amount: 30 },
  { id: "c4", email: "c4@example.com", amount: 40 },
  { id: "c5", email: "c5@example.com", amount: 50 },
  { id: "c6", email: "c6@example.com", amount: 60 },
];

test("fan-out: four at a time, a bad address tolerated, the others sent", async () => {
  const run = await runLocal(invoicesWorkflow, { month: "2026-10", customers });
  assert.is(run.status, "SUCCEEDED", JSON.stringify(run.error));
  assert.equal(run.result, {
    month: "2026-10",
    sent: ["c1", "c3", "c4", "c5", "c6"],
    failed: [{ customer: "c2", reason: 'cannot email c2: "unknown" is not an address' }],
  });
  // Never more than four items running at once.
  let running = 0;
  let most = 0;
  for (const event of run.events) {
    if (event.SubType !== "MapIteration") continue;
    running += event.EventType === "ContextStarted" ? 1 : -1;
    most = Math.max(most, running);
  }
  assert.is(most, 4);
});

test("fan-out: more than two bad addresses fail the run", async () => {
  const bad = customers.map((customer, index) => (index < 3 ? { ...customer, email: "none" } : customer));
  const run = await runLocal(invoicesWorkflow, { month: "2026-10", customers: bad });
  assert.is(run.status, "FAILED");
  assert.match(run.error?.ErrorMessage ?? "", /cannot email c1/);
});

test("polling: the export is checked until done, with growing delays between checks", async () => {
  const run = await runLocal(exportWorkflow, { dataset: "orders", checksUntilReady: 4 });
  assert.is(run.status, "SUCCEEDED", JSON.stringify(run.error));
  assert.match((run.result as { url: string }).url, /^https:\/\/exports\.example\.com\/exp-orders-\d+\.csv$/);
  const delays = run.events
    .filter((event) => event.Name === "until-exported" && event.EventType === "StepSucceeded")
    .map((event) => (event.StepSucceededDetails as { RetryDetails?: { NextAttemptDelaySeconds?: number } }).RetryDetails?.NextAttemptDelaySeconds);
  assert.equal(delays, [10, 15, 23, undefined]);
});

test("polling: a job that never finishes fails after the last check", async () => {
  const run = await runLocal(exportWorkflow, { dataset: "huge", checksUntilReady: 100 });
  assert.is(run.status, "FAILED");
  assert.match(run.error?.ErrorMessage ?? "", /still not met after 20 checks/);
});

test("agent: invokes the model each turn, runs the tools it picks, stops at its answer", async () => {
  const run = await runLocal(agentWorkflow, { goal: "durable functions pricing" }, {
    functions: { "agent-model": { kind: "handler", handler: modelHandler as (event: unknown) => unknown, durable: false } },
  });
  assert.is(run.status, "SUCCEEDED", JSON.stringify(run.error));
  assert.equal(run.result, {
    answer: "durable functions pricing: summary of https://docs.example.com/search?q=durable%20functions%20pricing",
    turns: 3,
    observations: ["https://docs.example.com/search?q=durable%20functions%20pricing#top", "summary of https://docs.example.com/search?q=durable%20functions%20pricing"],
  });
  assert.is(run.events.filter((event) => event.EventType === "ChainedInvokeSucceeded").length, 3);
});

test("agent: gives up after maxTurns", async () => {
  const run = await runLocal(agentWorkflow, { goal: "x", maxTurns: 2 }, {
    functions: { "agent-model": { kind: "handler", handler: modelHandler as (event: unknown) => unknown, durable: false } },
  });
  assert.equal(run.result, { answer: null, turns: 2, observations: ["https://docs.example.com/search?q=x#top", "summary of https://docs.example.com/search?q=x"], gaveUp: true });
});

test.run();
