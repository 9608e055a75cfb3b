/**
 * An operation's name and result type, as the types know them.
 * @example
 * type Price = Named & { name: "price"; result: number };
 */
export interface Named {
  readonly name: string;
  readonly result: unknown;
}

/**
 * What the types know of the operations an operation stands for, by kind, for checking what tests supply by
 * name (runLocal's mocks, callback answers and waits): a step is one step, a context (child, map, parallel,
 * saga) all those its body yields. Types only: nothing of it exists at run time. `OpMeta` itself, the default,
 * knows nothing: a test may supply anything for any name.
 * @example
 * type Unchecked = Op<number>; // Op<number, OpMeta>: runLocal accepts any mock name for it
 */
export interface OpMeta {
  readonly steps: Named;
  readonly callbacks: Named;
  readonly waits: Named;
}

/**
 * An operation that no test supplies anything for by name (an invoke, a condition, a callback's result).
 * @example
 * const result: Op<string, NoMeta> = handle.result;
 */
export interface NoMeta extends OpMeta {
  readonly steps: never;
  readonly callbacks: never;
  readonly waits: never;
}

/**
 * The meta of a step named `N` with result `T`.
 * @example
 * const price: Op<number, StepMeta<"price", number>> = step("price", () => 42);
 */
export interface StepMeta<N extends string, T> extends OpMeta {
  readonly steps: { readonly name: N; readonly result: T };
  readonly callbacks: never;
  readonly waits: never;
}

/**
 * The meta of a callback named `N` with result `T`.
 * @example
 * const review: Op<boolean, CallbackMeta<"review", boolean>> = waitForCallback<boolean, "review">("review", submit);
 */
export interface CallbackMeta<N extends string, T> extends OpMeta {
  readonly steps: never;
  readonly callbacks: { readonly name: N; readonly result: T };
  readonly waits: never;
}

/**
 * The meta of a wait named `N`.
 * @example
 * const pause: Op<void, WaitMeta<"pause">> = wait("pause", 60);
 */
export interface WaitMeta<N extends string> extends OpMeta {
  readonly steps: never;
  readonly callbacks: never;
  readonly waits: { readonly name: N; readonly result: void };
}

/**
 * A context's meta: the operations its body yields (`Y`, its generator's yield type).
 * @example
 * const billing = child("billing", function* () { return yield* step("fee", () => 1); }); // Op<number, NestedMeta<...StepMeta<"fee", number>>>
 */
export interface NestedMeta<Y> extends OpMeta {
  readonly steps: StepsOf<Y>;
  readonly callbacks: CallbacksOf<Y>;
  readonly waits: WaitsOf<Y>;
}

/**
 * The steps among what a body yields (`Y`), contexts included.
 * @example
 * type Steps = StepsOf<Op<number, StepMeta<"price", number>>>; // { name: "price"; result: number }
 */
export type StepsOf<Y> = Y extends { readonly meta?: { readonly steps: infer S extends Named } } ? S : never;
/**
 * The callbacks among what a body yields.
 * @example
 * type Callbacks = CallbacksOf<typeof review>; // { name: "review"; result: boolean }
 */
export type CallbacksOf<Y> = Y extends { readonly meta?: { readonly callbacks: infer S extends Named } } ? S : never;
/**
 * The waits among what a body yields.
 * @example
 * type Waits = WaitsOf<typeof pause>; // { name: "pause"; result: void }
 */
export type WaitsOf<Y> = Y extends { readonly meta?: { readonly waits: infer S extends Named } } ? S : never;

/**
 * The result type of the operation named `N` among `S`.
 * @example
 * type PriceResult = ResultNamed<{ name: "price"; result: number } | { name: "label"; result: string }, "price">; // number
 */
export type ResultNamed<S extends Named, N> = Extract<S, { readonly name: N }> extends { readonly result: infer R } ? R : never;
