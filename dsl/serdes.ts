/**
 * How a value is stored in a checkpoint. `undefined` stands for "no payload". Give one to an operation whose
 * result JSON cannot carry (see `JsonSafe`).
 * @example
 * const isoDate: Serdes<Date> = { serialize: (d) => d.toISOString(), deserialize: (s) => new Date(s ?? 0) };
 * const placed = yield* step("placed", () => new Date(), { serdes: isoDate });
 */
export interface Serdes<T> {
  serialize(value: T): string | undefined;
  deserialize(data: string | undefined): T;
}

/**
 * JSON; `undefined` is stored as no payload and read back as `undefined`. Every operation uses it unless given a serdes.
 * @example
 * const wrapped: Serdes<Money> = { serialize: (m) => defaultSerdes.serialize(m.cents), deserialize: (s) => new Money(defaultSerdes.deserialize(s) as number) };
 */
export const defaultSerdes: Serdes<unknown> = Object.freeze({
  serialize(value: unknown): string | undefined {
    return value === undefined ? undefined : JSON.stringify(value);
  },
  deserialize(data: string | undefined): unknown {
    return data === undefined ? undefined : JSON.parse(data);
  },
});
