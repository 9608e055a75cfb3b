import { Op, type OpGenerator } from "./op";
import type { Serdes } from "./serdes";
import { defaultSerdes } from "./serdes";
import { describe } from "./describe";
import { DurableUsageError } from "./errors";
import { checkFunction, checkName, checkOptions, MAX_NAME_LENGTH, where } from "./names";
import { batchResultSerdes, type BatchResult } from "./batch-result";

export interface CompletionPolicy {
  /** Complete as soon as this many items succeeded (MIN_SUCCESSFUL_REACHED); failures are then tolerated. */
  minSuccessful?: number;
  /** Complete with FAILURE_TOLERANCE_EXCEEDED once more items than this failed. */
  toleratedFailureCount?: number;
  /** Complete with FAILURE_TOLERANCE_EXCEEDED once the failed share of all items is strictly greater than this. */
  toleratedFailurePercentage?: number;
}

export type Nesting = "nested" | "flat";

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

/** Runs `fn` over every item, each in a context of its own, at most `maxConcurrency` at a time. */
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

export type Branch<T> = (() => OpGenerator<T>) | { readonly name: string; readonly run: () => OpGenerator<T> };

/** Runs the branches concurrently, each in a context of its own. */
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
