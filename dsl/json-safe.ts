/**
 * What the type checker shows where a value would not survive the default JSON serdes: the property name says
 * what to do, its type says why. Give the operation a `serdes` for such a value, or return a JSON-safe one.
 * @example
 * // step("when", () => new Date()) fails to type-check with
 * // Type 'Date' is not assignable to type 'NotJsonSafe<"a Date: JSON gives it back as a string">'
 */
export interface NotJsonSafe<Why extends string> {
  readonly "not JSON-safe: return plain data or give this operation a serdes": Why;
}

/**
 * `T` itself when the default serdes (JSON) gives back a value of type `T`, else `NotJsonSafe<why>` where it
 * breaks: a Date comes back as a string, a Map or Set as `{}`, a function or a class instance's methods are
 * lost, `undefined` in an array becomes `null`, a BigInt makes JSON.stringify throw. Plain objects, arrays,
 * strings, numbers, booleans, null and `undefined` (no payload; an absent property) are safe.
 * @example
 * type A = JsonSafe<{ id: string; tags: string[] }>; // { id: string; tags: string[] }
 * type B = JsonSafe<{ at: Date }>;                     // { at: NotJsonSafe<"a Date: JSON gives it back as a string"> }
 */
export type JsonSafe<T> =
  0 extends 1 & T ? T
  : unknown extends T ? T
  : T extends string | number | boolean | null | undefined | void ? T
  : T extends bigint ? NotJsonSafe<"a BigInt: JSON.stringify throws on it">
  : T extends symbol ? NotJsonSafe<"a symbol: JSON drops it">
  : T extends (...args: never[]) => unknown ? NotJsonSafe<"a function: JSON drops it (a class instance's methods too)">
  : T extends Date ? NotJsonSafe<"a Date: JSON gives it back as a string">
  : T extends ReadonlyMap<unknown, unknown> ? NotJsonSafe<"a Map: JSON gives it back as {}">
  : T extends ReadonlySet<unknown> ? NotJsonSafe<"a Set: JSON gives it back as {}">
  : T extends RegExp ? NotJsonSafe<"a RegExp: JSON gives it back as {}">
  : T extends PromiseLike<unknown> ? NotJsonSafe<"a promise: await it first">
  : T extends readonly unknown[] ? (undefined extends T[number] ? (unknown extends T[number] ? T : NotJsonSafe<"undefined in an array: JSON gives it back as null">) : { [K in keyof T]: JsonSafe<T[K]> })
  : T extends object ? { [K in keyof T]: JsonSafe<T[K]> }
  : T;

/** `JsonSafe<T>` kept out of inference: `T` is inferred from the plain part of a parameter, then checked here. */
export type Checked<T> = NoInfer<JsonSafe<T>>;

/**
 * The type of an operation's name when the operation's explicit result type `T` is not JSON-safe and no serdes
 * is given: the name then fails to type-check, with the reason.
 */
export type NameFor<T> = [T] extends [JsonSafe<T>] ? string : JsonSafe<T>;
