import { map, retryPresets, step, workflow } from "durable-gen";

export interface InvoiceRun {
  month: string;
  customers: { id: string; email: string; amount: number }[];
}

/**
 * Month-end invoicing: render and send one invoice per customer, four at a time. A customer with a bad address
 * fails their item without stopping the others; more than two such failures fail the batch.
 */
export const invoicesWorkflow = workflow("invoices", function* (run: InvoiceRun) {
  const sent = yield* map("send-invoices", run.customers, function* (customer) {
    const pdf = yield* step("render", () => ({ file: `invoices/${run.month}/${customer.id}.pdf`, amount: customer.amount }));
    return yield* step("email", () => {
      if (!customer.email.includes("@")) throw new Error(`cannot email ${customer.id}: "${customer.email}" is not an address`);
      return { customer: customer.id, to: customer.email, file: pdf.file };
    }, { retry: retryPresets.none });
  }, { maxConcurrency: 4, completion: { toleratedFailureCount: 2 }, itemName: (customer) => customer.id });

  if (sent.completionReason === "FAILURE_TOLERANCE_EXCEEDED") sent.throwIfError();
  const report = yield* step("report", () => ({
    month: run.month,
    sent: sent.getResults().map((invoice) => invoice.customer),
    failed: sent.failed().map((item) => ({ customer: run.customers[item.index]!.id, reason: item.error.message })),
  }));
  return report;
});
