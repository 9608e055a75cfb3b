import { childPath, operationIdAt } from "./ids";

/** A context's position counter: the root, a child context, a composite. Operation ids derive from it. */
export class Scope {
  private counter = 0;

  /** `contextId` is the wire id of the CONTEXT operation (the ParentId of the operations inside), none at the root. */
  constructor(readonly path: string, readonly contextId: string | undefined) {}

  next(): number {
    return ++this.counter;
  }

  idAt(position: number): string {
    return operationIdAt(this.path, position);
  }

  pathAt(position: number): string {
    return childPath(this.path, position);
  }

  childScope(position: number): Scope {
    return new Scope(this.pathAt(position), this.idAt(position));
  }
}
