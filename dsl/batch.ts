import { Op, type OpGenerator } from "./op";
import type { Serdes } from "./serdes";
import type { Checked } from "./json-safe";
import type { NestedMeta } from "./op-meta";
import { defaultSerdes } from "./serdes";
import { describe } from "./describe";
import { DurableUsageError } from "./errors";
import { checkFunction, checkName, checkOptions, MAX_NAME_LENGTH, where } from "./validation";
import { batchResultSerdes, type BatchResult } from "./batch-result";

/**
 * When a map or parallel completes before all its items: enough successes, or too many failures.
 * @example
 * yield* map("notify", users, notify, { completion: { minSuccessful: 10, toleratedFailurePercentage: 5 } });
 */
export interface CompletionPolicy {
  /** Complete as soon as this many items succeeded (MIN_SUCCESSFUL_REACHED); failures are then tolerated. */
  minSuccessful?: number;
  /** Complete with FAILURE_TOLERANCE_EXCEEDED once more items than this failed. */
  toleratedFailureCount?: number;
  /** Complete with FAILURE_TOLERANCE_EXCEEDED once the failed share of all items is strictly greater than this. */
  toleratedFailurePercentage?: number;
}

/**
 * "nested" (default): a CONTEXT per item; "flat": the items' operations parented to the batch.
 * @example
 * yield* map("many", ids, fetchOne, { nesting: "flat" }); // fewer operations for a large fan-out
 */
export type Nesting = "nested" | "flat";

/**
 * The options of map and parallel.
 * @example
 * yield* map("resize", images, resize, { maxConcurrency: 4, completion: { toleratedFailureCount: 1 } });
 */
export interface BatchOptions<T> {
  /** How many items run at once; all of them when omitted. */
  maxConcurrency?: number;
  /** Without a policy the batch fails fast: the first failure completes it. */
  completion?: CompletionPolicy;
  /** "nested" (default): a CONTEXT per item; "flat": none, the items' operations are parented to the batch. */
  nesting?: Nesting;
  itemSerdes?: Serdes<T>;
  serdes?: Serdes<BatchResult<T>>;
}

/**
 * The options of map: the batch's, and how each item's context is named (`map-item-{i}` by default).
 * @example
 * yield* map("ship", lines, shipLine, { itemName: (line) => line.sku, maxConcurrency: 3 });
 */
export interface MapOptions<I, T> extends BatchOptions<T> {
  itemName?: (item: I, index: number) => string;
}

/** One item of a batch, as the interpreter runs it. */
export interface BatchItemSpec<T> {
  readonly name: string;
  readonly run: () => OpGenerator<T>;
}

/** The validated options of a batch. */
export interface BatchSettings<T> {
  readonly maxConcurrency: number;
  readonly completion: Readonly<CompletionPolicy> | undefined;
  readonly nesting: Nesting;
  readonly itemSerdes: Serdes<T>;
  readonly serdes: Serdes<BatchResult<T>>;
}

/**
 * CONTEXT/Map or CONTEXT/Parallel holding one child CONTEXT (or, flat, one group of operations) per item. Items
 * are described lazily (`item(index)`): a replay of a completed batch never needs them.
 */
export class BatchOp<T> extends Op<BatchResult<T>> {
  readonly kind = "batch";
  constructor(
    readonly name: string,
    readonly subType: "Map" | "Parallel",
    readonly itemSubType: "MapIteration" | "ParallelBranch",
    readonly itemCount: number,
    readonly item: (index: number) => BatchItemSpec<T>,
    readonly settings: BatchSettings<T>,
  ) {
    super();
    Object.freeze(this);
  }
}

const BATCH_OPTIONS = ["maxConcurrency", "completion", "nesting", "itemSerdes", "serdes"];
const COMPLETION_OPTIONS = ["minSuccessful", "toleratedFailureCount", "toleratedFailurePercentage"];

export function batchSettings<T>(at: string, opts: BatchOptions<T> | undefined, allowed: readonly string[]): BatchSettings<T> {
  checkOptions(at, opts, allowed);
  const maxConcurrency = opts?.maxConcurrency ?? Number.POSITIVE_INFINITY;
  if (maxConcurrency !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxConcurrency) || maxConcurrency < 1)) {
    throw new DurableUsageError(`${at} maxConcurrency must be a whole number >= 1, got ${describe(opts?.maxConcurrency)}`);
  }
  const completion = opts?.completion;
  if (completion !== undefined) {
    checkOptions(`${at} completion`, completion, COMPLETION_OPTIONS);
    wholeAtLeast(at, "minSuccessful", completion.minSuccessful, 1);
    wholeAtLeast(at, "toleratedFailureCount", completion.toleratedFailureCount, 0);
    const percentage = completion.toleratedFailurePercentage;
    if (percentage !== undefined && (typeof percentage !== "number" || !(percentage >= 0 && percentage <= 100))) {
      throw new DurableUsageError(`${at} completion.toleratedFailurePercentage must be a number from 0 to 100, got ${describe(percentage)}`);
    }
  }
  const nesting = opts?.nesting ?? "nested";
  if (nesting !== "nested" && nesting !== "flat") throw new DurableUsageError(`${at} nesting must be "nested" or "flat", got ${describe(nesting)}`);
  return Object.freeze({
    maxConcurrency,
    completion: completion === undefined ? undefined : Object.freeze({ ...completion }),
    nesting,
    itemSerdes: opts?.itemSerdes ?? (defaultSerdes as Serdes<T>),
    serdes: opts?.serdes ?? batchResultSerdes<T>(),
  });
}

function wholeAtLeast(at: string, option: string, value: unknown, minimum: number): void {
  if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < minimum)) {
    throw new DurableUsageError(`${at} completion.${option} must be a whole number >= ${minimum}, got ${describe(value)}`);
  }
}

/**
 * Runs `fn` over every item, each in a context of its own, at most `maxConcurrency` at a time; gives a
 * BatchResult (it does not throw for failed items: `throwIfError()` or `results()` does). Each item's result
 * is checkpointed, so it must survive JSON unless `itemSerdes` is given.
 * @example
 * const shipped = yield* map("ship", order.lines, function* (line) {
 *   return yield* step(`ship-${line.sku}`, () => ship(line));
 * }, { maxConcurrency: 5, itemName: (line) => line.sku });
 * const receipts = shipped.results();
 */
export function map<I, T, Y extends Op<unknown> = Op<unknown>>(
  name: string,
  items: readonly I[],
  fn: (item: I, index: number) => Generator<Y, T, unknown>,
  opts: MapOptions<I, T> & { readonly itemSerdes: Serdes<T> },
): Op<BatchResult<T>, NestedMeta<Y>>;
export function map<I, T, Y extends Op<unknown> = Op<unknown>>(
  name: string,
  items: readonly I[],
  fn: ((item: I, index: number) => Generator<Y, T, unknown>) & ((item: I, index: number) => Generator<Y, Checked<T>, unknown>),
  opts?: MapOptions<I, T>,
): Op<BatchResult<T>, NestedMeta<Y>>;
export function map<I, T>(name: string, items: readonly I[], fn: (item: I, index: number) => OpGenerator<T>, opts?: MapOptions<I, T>): Op<BatchResult<T>> {
  checkName("map", name);
  const at = where("map", name);
  if (!Array.isArray(items)) throw new DurableUsageError(`${at} needs an array of items, got ${describe(items)}`);
  checkFunction(at, "its item function (a generator function)", fn);
  const settings = batchSettings(at, opts, [...BATCH_OPTIONS, "itemName"]);
  const itemName = opts?.itemName;
  if (itemName !== undefined) checkFunction(at, "itemName", itemName);
  const item = (index: number): BatchItemSpec<T> => ({
    name: itemName === undefined ? `map-item-${index}` : checkItemName(at, itemName(items[index]!, index), index),
    run: () => fn(items[index]!, index),
  });
  return new BatchOp(name, "Map", "MapIteration", items.length, item, settings);
}

/**
 * A branch of `parallel`: a generator function, or one with the name its context gets.
 * @example
 * const branches: Branch<number>[] = [function* () { return yield* step("a", () => 1); }, { name: "b", run: function* () { return yield* step("b", () => 2); } }];
 */
export type Branch<T> = (() => OpGenerator<T>) | { readonly name: string; readonly run: () => OpGenerator<T> };

/**
 * The result type of a branch.
 * @example
 * type R = BranchResult<() => OpGenerator<string>>; // string
 */
export type BranchResult<B> = B extends Branch<infer T> ? T : never;

/**
 * What a branch yields.
 * @example
 * type Y = BranchYield<typeof branch>; // the operations the branch yields
 */
export type BranchYield<B> = B extends () => Generator<infer Y, unknown, unknown> ? Y : B extends { readonly run: () => Generator<infer Y, unknown, unknown> } ? Y : never;

/**
 * The result types of a list of branches, position by position: a tuple for a literal list.
 * @example
 * type R = BranchResults<[() => OpGenerator<number>, () => OpGenerator<string>]>; // [number, string]
 */
export type BranchResults<B extends readonly unknown[]> = { -readonly [K in keyof B]: BranchResult<B[K]> };

/**
 * Runs the branches concurrently, each in a context of its own; gives a BatchResult whose `results()` is the
 * tuple of the branches' results. Each branch's result is checkpointed, so it must survive JSON unless
 * `itemSerdes` is given.
 * @example
 * const loaded = yield* parallel("load", [
 *   function* () { return yield* step("user", () => loadUser(id)); },
 *   { name: "orders", run: function* () { return yield* step("orders", () => loadOrders(id)); } },
 * ]);
 * const [user, orders] = loaded.results(); // [User, Order[]]
 */
export function parallel<const B extends readonly Branch<unknown>[]>(
  name: string,
  branches: B,
  opts: BatchOptions<BranchResults<B>[number]> & { readonly itemSerdes: Serdes<BranchResults<B>[number]> },
): Op<BatchResult<BranchResults<B>[number], BranchResults<B>>, NestedMeta<BranchYield<B[number]>>>;
export function parallel<const B extends readonly Branch<unknown>[]>(
  name: string,
  branches: B & NoInfer<{ readonly [K in keyof B]: Branch<Checked<BranchResult<B[K]>>> }>,
  opts?: BatchOptions<BranchResults<B>[number]>,
): Op<BatchResult<BranchResults<B>[number], BranchResults<B>>, NestedMeta<BranchYield<B[number]>>>;
export function parallel<T>(name: string, branches: readonly Branch<T>[], opts?: BatchOptions<T>): Op<BatchResult<T>> {
  checkName("parallel", name);
  const at = where("parallel", name);
  if (!Array.isArray(branches)) throw new DurableUsageError(`${at} needs an array of branches, got ${describe(branches)}`);
  const settings = batchSettings(at, opts, BATCH_OPTIONS);
  const specs = branches.map((branch, index): BatchItemSpec<T> => {
    if (typeof branch === "function") return { name: `parallel-branch-${index}`, run: branch };
    if (branch === null || typeof branch !== "object" || typeof branch.run !== "function") {
      throw new DurableUsageError(`${at} branch ${index} must be a generator function or { name, run }, got ${describe(branch)}`);
    }
    return { name: checkItemName(at, branch.name, index), run: branch.run };
  });
  return new BatchOp(name, "Parallel", "ParallelBranch", specs.length, (index) => specs[index]!, settings);
}

function checkItemName(at: string, name: unknown, index: number): string {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new DurableUsageError(`${at} item ${index} needs a name of 1 to ${MAX_NAME_LENGTH} characters, got ${describe(name)}`);
  }
  return name;
}
