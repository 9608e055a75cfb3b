import { NonDeterminismError, type Divergence, type OperationSignature } from "../dsl/errors";
import type { Scope } from "./scope";
import type { HistorySnapshot } from "./snapshot";
import type { Operation } from "./wire";

/**
 * The error for a recorded operation that does not match what the code runs at its position. Built only when the
 * execution is already failing, so it may look through the history for a likely cause.
 */
export function mismatchError(snapshot: HistorySnapshot, scope: Scope, position: number, recorded: Operation, current: OperationSignature): NonDeterminismError {
  const divergence: Divergence = {
    path: scope.pathAt(position),
    id: recorded.Id,
    recorded: signatureOf(recorded),
    current,
    hint: hintFor(snapshot, scope, position, recorded, current),
  };
  return new NonDeterminismError(
    `the code no longer matches the recorded history at operation ${divergence.path} (id ${divergence.id}): ` +
      `recorded ${label(divergence.recorded)}, the code now runs ${label(current)}. ${divergence.hint}; deploy such changes as a new version.`,
    divergence,
  );
}

/** The error for recorded operations the code finished without reaching (it no longer runs them). */
export function unreachedError(first: Operation, path: string, count: number): NonDeterminismError {
  const more = count > 1 ? ` (and ${count - 1} more recorded operation${count > 2 ? "s" : ""})` : "";
  const divergence: Divergence = {
    path,
    id: first.Id,
    recorded: signatureOf(first),
    current: undefined,
    hint: `the code ended without reaching the recorded ${label(signatureOf(first))}${more}: it was removed, or the code now takes another branch`,
  };
  return new NonDeterminismError(`the code no longer matches the recorded history at operation ${path} (id ${first.Id}): ${divergence.hint}.`, divergence);
}

export function signatureOf(operation: Operation): OperationSignature {
  return { type: operation.Type, subType: operation.SubType, name: operation.Name };
}

export function label(signature: OperationSignature): string {
  return `${signature.type}/${signature.subType} ${signature.name === undefined ? "(unnamed)" : `"${signature.name}"`}`;
}

function hintFor(snapshot: HistorySnapshot, scope: Scope, position: number, recorded: Operation, current: OperationSignature): string {
  const recordedLabel = `"${recorded.Name ?? recorded.Id}"`;
  const skipped = laterRecordedPosition(snapshot, scope, position, current);
  if (skipped !== undefined) {
    const count = skipped - position;
    return `the code's ${label(current)} is recorded ${count} position${count > 1 ? "s" : ""} later: ${recordedLabel} was removed before it, or the operations were reordered`;
  }
  if (recorded.Type === current.type && recorded.SubType === current.subType) {
    return `an operation was renamed from ${recordedLabel} to "${current.name}", or "${current.name}" was inserted before ${recordedLabel}`;
  }
  if (recorded.Name !== undefined && recorded.Name === current.name) {
    return `the operation ${recordedLabel} changed kind from ${recorded.Type}/${recorded.SubType} to ${current.type}/${current.subType}`;
  }
  return `an operation was inserted before ${recordedLabel}, or ${recordedLabel} was replaced`;
}

/** The later position in the same context whose recorded operation is the one the code runs now, if any. */
function laterRecordedPosition(snapshot: HistorySnapshot, scope: Scope, position: number, current: OperationSignature): number | undefined {
  for (let later = position + 1; ; later++) {
    const operation = snapshot.get(scope.idAt(later));
    if (operation === undefined) return undefined;
    if (operation.Type === current.type && operation.SubType === current.subType && operation.Name === current.name) return later;
  }
}
