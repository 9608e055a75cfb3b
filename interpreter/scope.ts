import { childPath, operationIdAt } from "./ids";

/** Shared by a batch item's scopes: once the batch completed without it, nothing in it is checkpointed. */
export interface Cancellation {
  cancelled: boolean;
}

/** A context's position counter: the root, a child context, a composite. Operation ids derive from it. */
export class Scope {
  private counter = 0;

  /** `contextId` is the wire id of the CONTEXT operation (the ParentId of the operations inside), none at the root. */
  constructor(
    readonly path: string,
    readonly contextId: string | undefined,
    readonly cancellation: Cancellation = { cancelled: false },
  ) {}

  next(): number {
    return ++this.counter;
  }

  /** The last position taken. */
  get current(): number {
    return this.counter;
  }

  /** Marks positions up to `position` taken (by a composite that placed its operations itself). */
  advanceTo(position: number): void {
    if (position > this.counter) this.counter = position;
  }

  idAt(position: number): string {
    return operationIdAt(this.path, position);
  }

  pathAt(position: number): string {
    return childPath(this.path, position);
  }

  /** The scope of the CONTEXT at `position`; `cancellation` starts a new group (a batch item). */
  childScope(position: number, cancellation = this.cancellation): Scope {
    return new Scope(this.pathAt(position), this.idAt(position), cancellation);
  }
}
