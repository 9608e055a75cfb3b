import type { Serdes } from "../../dsl/serdes";
import { DurableUsageError } from "../../dsl/errors";
import { describe } from "../../dsl/describe";
import { isGenerator } from "../fiber";
import { THROW, type Done, type RunnerHost } from "../host";
import { readPayload, utf8Length } from "../payload";
import type { Scope } from "../scope";
import type { UpdateBase } from "../updates";
import { LIMITS, type ErrorObject, type Operation, type OperationUpdate } from "../wire";

/**
 * The one replay of a recorded CONTEXT (a child, a waitForCallback, a batch, a batch item): a SUCCEEDED context
 * whose result was recorded answers with it, a FAILED one throws `failure(recorded error)`, and the operations
 * recorded inside are not reached. False when the context must run (new, in progress, or its result was too large
 * to record: ReplayChildren).
 */
export function replayContext<T>(
  recorded: Operation | undefined,
  serdes: Serdes<T>,
  kind: string,
  name: string | undefined,
  failure: (error: ErrorObject | undefined) => Error,
  host: RunnerHost,
  done: Done,
): boolean {
  if (recorded === undefined) return false;
  if (recorded.Status === "SUCCEEDED" && recorded.ContextDetails?.ReplayChildren !== true) {
    host.replayed(recorded.Id);
    readPayload(serdes, recorded.ContextDetails?.Result, kind, name, done, host);
    return true;
  }
  if (recorded.Status === "FAILED") {
    host.replayed(recorded.Id);
    done(THROW, failure(recorded.ContextDetails?.Error));
    return true;
  }
  return false;
}

/**
 * Runs a context's body as a fiber in `scope`: a body that throws, or is not a generator function, ends at once
 * with that error (through `ended`, as the fiber's end would).
 */
export function startBody(body: () => unknown, what: string, scope: Scope, host: RunnerHost, ended: Done): void {
  let generator: unknown;
  try {
    generator = body();
  } catch (error) {
    ended(THROW, error);
    return;
  }
  if (!isGenerator(generator)) {
    ended(THROW, new DurableUsageError(`${what} must be a generator function (function*), it returned ${describe(generator)}`));
    return;
  }
  host.startFiber(generator, scope, ended);
}

/**
 * A result over the per-operation limit is not recorded: the CONTEXT is marked ReplayChildren, and a replay
 * rebuilds the result by running the body again over its recorded children.
 */
export function contextSucceeded(base: UpdateBase, payload: string | undefined): OperationUpdate {
  if (payload !== undefined && payload.length * 3 > LIMITS.operationPayloadBytes && utf8Length(payload) > LIMITS.operationPayloadBytes) {
    return { ...base, Action: "SUCCEED", Payload: "", ContextOptions: { ReplayChildren: true } };
  }
  return payload === undefined ? { ...base, Action: "SUCCEED" } : { ...base, Action: "SUCCEED", Payload: payload };
}
