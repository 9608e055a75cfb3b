/** How a value is stored in a checkpoint. `undefined` stands for "no payload". */
export interface Serdes<T> {
  serialize(value: T): string | undefined;
  deserialize(data: string | undefined): T;
}

/** JSON; `undefined` is stored as no payload and read back as `undefined`. */
export const defaultSerdes: Serdes<unknown> = Object.freeze({
  serialize(value: unknown): string | undefined {
    return value === undefined ? undefined : JSON.stringify(value);
  },
  deserialize(data: string | undefined): unknown {
    return data === undefined ? undefined : JSON.parse(data);
  },
});
