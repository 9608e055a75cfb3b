import type { Operation } from "../../interpreter/wire";

// Finding an execution's operations by the names a test knows them by; shared by the local service's executions
// and the interpreter tests' in-memory execution, which answer the same questions about their operations.

/** The operation named `name` (the one at `index` among those so named). */
export function operationNamed(operations: readonly Operation[], name: string, index = 0): Operation {
  const found = operations.filter((operation) => operation.Name === name)[index];
  if (found === undefined) throw new Error(`no operation named "${name}" (#${index}) in this execution`);
  return found;
}

/** The callback id of the CALLBACK named `name`, or of the one inside the waitForCallback context named `name`. */
export function callbackIdNamed(operations: readonly Operation[], name: string, index = 0): string {
  const byId = new Map(operations.map((operation) => [operation.Id, operation]));
  const callbackId = operations.filter((operation) => operation.Type === "CALLBACK" && (operation.Name === name || byId.get(operation.ParentId ?? "")?.Name === name))[index]?.CallbackDetails?.CallbackId;
  if (callbackId === undefined) throw new Error(`no callback named "${name}" (#${index}) in this execution`);
  return callbackId;
}
