import type { OperationType, OperationUpdate } from "./wire";

/** The identifying fields every update of one operation repeats. */
export type UpdateBase = Pick<OperationUpdate, "Id" | "ParentId" | "Name" | "Type" | "SubType">;

export function updateBase(id: string, parentId: string | undefined, name: string | undefined, type: OperationType, subType: string): UpdateBase {
  const base: UpdateBase = { Id: id, Type: type, SubType: subType };
  if (parentId !== undefined) base.ParentId = parentId;
  if (name !== undefined) base.Name = name;
  return base;
}
