/** An operation's name and result type, as the types know them. */
export interface Named {
  readonly name: string;
  readonly result: unknown;
}

/**
 * What the types know of the operations an operation stands for, by kind, for checking what tests supply by
 * name (runLocal's mocks, callback answers and waits): a step is one step, a context (child, map, parallel,
 * saga) all those its body yields. Types only: nothing of it exists at run time. `OpMeta` itself, the default,
 * knows nothing: a test may supply anything for any name.
 */
export interface OpMeta {
  readonly steps: Named;
  readonly callbacks: Named;
  readonly waits: Named;
}

/** An operation that no test supplies anything for by name (an invoke, a condition, a callback's result). */
export interface NoMeta extends OpMeta {
  readonly steps: never;
  readonly callbacks: never;
  readonly waits: never;
}

export interface StepMeta<N extends string, T> extends OpMeta {
  readonly steps: { readonly name: N; readonly result: T };
  readonly callbacks: never;
  readonly waits: never;
}

export interface CallbackMeta<N extends string, T> extends OpMeta {
  readonly steps: never;
  readonly callbacks: { readonly name: N; readonly result: T };
  readonly waits: never;
}

export interface WaitMeta<N extends string> extends OpMeta {
  readonly steps: never;
  readonly callbacks: never;
  readonly waits: { readonly name: N; readonly result: void };
}

/** A context's meta: the operations its body yields (`Y`, its generator's yield type). */
export interface NestedMeta<Y> extends OpMeta {
  readonly steps: StepsOf<Y>;
  readonly callbacks: CallbacksOf<Y>;
  readonly waits: WaitsOf<Y>;
}

/** The steps among what a body yields (`Y`), contexts included. */
export type StepsOf<Y> = Y extends { readonly meta?: { readonly steps: infer S extends Named } } ? S : never;
/** The callbacks among what a body yields. */
export type CallbacksOf<Y> = Y extends { readonly meta?: { readonly callbacks: infer S extends Named } } ? S : never;
/** The waits among what a body yields. */
export type WaitsOf<Y> = Y extends { readonly meta?: { readonly waits: infer S extends Named } } ? S : never;

/** The result type of the operation named `N` among `S`. */
export type ResultNamed<S extends Named, N> = Extract<S, { readonly name: N }> extends { readonly result: infer R } ? R : never;
