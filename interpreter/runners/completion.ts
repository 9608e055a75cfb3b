import type { RunnerHost } from "../host";
import { isTerminal, type Operation } from "../wire";

/** Calls `then` when the service reports operation `id` in a terminal status (a wait, an invoke, a callback). */
export function awaitCompletion(host: RunnerHost, id: string, then: (operation: Operation) => void): void {
  host.watch(id, (operation) => {
    if (isTerminal(operation)) then(operation);
    else awaitCompletion(host, id, then);
  });
}
