import { CallbackTimeoutError, map, retry, step, wait, waitForCallback, workflow } from "durable-gen";

export interface Order {
  id: string;
  lines: { sku: string; qty: number; price: number }[];
}

/**
 * An order: price it, reserve every line (a map), charge with retries (the payment gateway times out on the first
 * attempt), wait for a manager's approval (a callback with a timeout: no answer within 24 hours refunds the charge),
 * cool off, then ship.
 */
export const orderWorkflow = workflow("order", function* (order: Order, ctx) {
  const total = yield* step("price", () => order.lines.reduce((sum, line) => sum + line.qty * line.price, 0));
  ctx.logger.info("priced", { total });

  const reservations = yield* map("reserve", order.lines, function* (line) {
    return yield* step("reserve", () => ({ sku: line.sku, reserved: line.qty }));
  }, { maxConcurrency: 2, itemName: (line) => `reserve-${line.sku}` });
  reservations.throwIfError();

  const charge = yield* step("charge", async (s) => {
    if (s.attempt === 1) throw new Error("payment gateway timed out");
    return { chargeId: `ch-${order.id}`, amount: total, attempt: s.attempt };
  }, { semantics: "at-most-once", retry: retry({ maxAttempts: 3, initialDelay: 2, jitter: "none" }) });

  let approval: { approved: boolean; by: string };
  try {
    approval = yield* waitForCallback<{ approved: boolean; by: string }>("approval", async (callbackId, s) => {
      s.logger.info("approval requested", { callbackId });
    }, { timeout: { hours: 24 } });
  } catch (error) {
    if (!(error instanceof CallbackTimeoutError)) throw error;
    const refund = yield* step("refund", () => ({ refundId: `rf-${charge.chargeId}`, amount: total }));
    return { status: "expired", refund };
  }
  if (!approval.approved) return { status: "rejected", by: approval.by };

  yield* wait("cool-off", { minutes: 30 });
  const shipment = yield* step("ship", () => ({ trackingId: `trk-${order.id}`, lines: reservations.getResults().length }));
  return { status: "shipped", charge, shipment, approvedBy: approval.by };
});
