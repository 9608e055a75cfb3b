import type { ErrorDetails } from "../../dsl/errors";
import type { OpGenerator } from "../../dsl/op";
import type { Serdes } from "../../dsl/serdes";
import { detailsOf, errorObjectOf } from "../error-objects";
import { THROW, MISMATCH, type Done, type RunnerHost } from "../host";
import { payloadFailure, readPayload, serializePayload } from "../payload";
import type { Scope } from "../scope";
import { updateBase } from "../updates";
import type { ErrorObject } from "../wire";
import { contextSucceeded, replayContext, startBody } from "./recorded-context";

/** What a CONTEXT operation runs: a child, or the fixed body of a composite such as waitForCallback. */
export interface ContextSpec<T> {
  readonly name: string;
  readonly subType: string;
  readonly serdes: Serdes<T>;
  readonly body: () => OpGenerator<T>;
  /** The error the parent receives when the context failed, rebuilt from what was recorded. */
  readonly failure: (details: ErrorDetails) => Error;
}

/**
 * CONTEXT: a recorded outcome is returned without running the body (unless the result was too large to record,
 * ReplayChildren); otherwise the body runs as a fiber of its own whose operations are numbered inside the context,
 * and its outcome is checkpointed as SUCCEED or FAIL.
 */
export function runContext<T>(spec: ContextSpec<T>, scope: Scope, position: number, host: RunnerHost, done: Done): void {
  const recorded = host.recorded(scope, position, "CONTEXT", spec.subType, spec.name);
  if (recorded === MISMATCH) return;
  const failure = (error: ErrorObject | undefined): Error => spec.failure(detailsOf(error, "the context failed"));
  if (replayContext(recorded, spec.serdes, spec.subType, spec.name, failure, host, done)) return;
  const what = `${spec.subType} context "${spec.name}"`;
  const base = updateBase(scope.idAt(position), scope.contextId, spec.name, "CONTEXT", spec.subType);
  // A SUCCEEDED context replayed through its children (ReplayChildren) records nothing again.
  const completed = recorded?.Status === "SUCCEEDED";
  if (recorded === undefined) host.record(scope, { ...base, Action: "START" });
  const fail = (error: ErrorObject): void => {
    if (!completed) host.record(scope, { ...base, Action: "FAIL", Error: error });
    done(THROW, failure(error));
  };
  startBody(spec.body, `the body of ${what}`, scope.childScope(position), host, (mode, value) => {
    if (mode === THROW) return fail(errorObjectOf(value));
    let payload: string | undefined;
    try {
      payload = serializePayload(spec.serdes, value as T, `the body of ${what}`, Number.POSITIVE_INFINITY);
    } catch (error) {
      return fail(payloadFailure(error));
    }
    if (!completed) host.record(scope, contextSucceeded(base, payload));
    readPayload(spec.serdes, payload, spec.subType, spec.name, done, host);
  });
}
