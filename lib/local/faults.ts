/**
 * The faults the local service can inject into the calls a durable function makes (checkpoint and state).
 * @example
 * for (const kind of FAULT_KINDS) console.log(kind); // 429, 500, 503, drop, slow, stale-token
 */
export const FAULT_KINDS = ["429", "500", "503", "drop", "slow", "stale-token"] as const;

/**
 * One of FAULT_KINDS.
 * @example
 * const kind: FaultKind = "stale-token";
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * For each kind, the share of calls (0 to 1) that get it; the shares add up to at most 1.
 * @example
 * const rates: FaultRates = { "429": 0.1, drop: 0.02 };
 */
export type FaultRates = Partial<Record<FaultKind, number>>;

/**
 * An error answered the way AWS answers it: an HTTP status, `x-amzn-errortype`, and a JSON message.
 * @example
 * const throttled: ServiceFault = { status: 429, type: "TooManyRequestsException", message: "Rate exceeded" };
 */
export interface ServiceFault {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/**
 * What the HTTP front end does instead of (or besides) answering a call: answer with an error without serving it;
 * close the connection before serving it, or after serving it (the change is made, the answer lost); or serve it
 * and answer late.
 * @example
 * const lostAnswer: InjectedFault = { drop: "after" };
 */
export type InjectedFault = ServiceFault | { readonly drop: "before" | "after" } | { readonly delayMs: number };

export interface FaultRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly executionArn: string;
  /** The API the call is for: checkpoint, state, execution, history, stop, list, callback-*, invoke. */
  readonly action: string;
}

/**
 * Decides, per request, whether to inject a fault.
 * @example
 * const everyTenthCheckpoint: FaultInjector = (() => { let n = 0; return (request) => (request.action === "checkpoint" && ++n % 10 === 0 ? { status: 500, type: "ServiceException", message: "injected" } : undefined); })();
 */
export type FaultInjector = (request: FaultRequest) => InjectedFault | undefined;

/**
 * What FaultPlan injects, reproducibly.
 * @example
 * const options: FaultOptions = { rates: { "503": 0.05 }, seed: 42, slowMs: 100 };
 */
export interface FaultOptions {
  readonly rates: FaultRates;
  /** The same seed and the same sequence of calls give the same faults. */
  readonly seed: number;
  /** The longest delay of a slow answer; 200 ms by default. */
  readonly slowMs?: number;
}

/**
 * A bad `--faults` specification or fault option; the message names the part that is wrong.
 * @example
 * try { parseFaultRates("429=2"); } catch (error) { if (error instanceof FaultSpecError) console.error(error.message); }
 */
export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FaultSpecError";
  }
}

/** mulberry32: a small, fast seeded PRNG, plenty for choosing faults reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The calls a durable function makes; the others (callbacks, Invoke, reads of executions) are left alone. */
const FAULTED_ACTIONS = new Set(["checkpoint", "state"]);

/**
 * Injects faults at the configured rates, reproducibly from a seed, and counts them. Each call to a faulted API
 * draws once: at most one fault per call.
 * @example
 * const plan = new FaultPlan({ rates: { "429": 0.1, "stale-token": 0.05 }, seed: 7 });
 * const server = new LocalHttpServer(service, { faults: plan.injector });
 * // ... run, then: console.log(plan.total, plan.injected);
 */
export class FaultPlan {
  readonly injected: Record<FaultKind, number> = { "429": 0, "500": 0, "503": 0, drop: 0, slow: 0, "stale-token": 0 };
  calls = 0;
  private readonly random: () => number;
  private readonly rates: readonly (readonly [FaultKind, number])[];
  private readonly slowMs: number;

  constructor(options: FaultOptions) {
    this.rates = checkRates(options.rates);
    if (!Number.isInteger(options.seed)) throw new FaultSpecError(`the fault seed must be an integer, got ${String(options.seed)}`);
    const slowMs = options.slowMs ?? 200;
    if (!Number.isInteger(slowMs) || slowMs < 0) throw new FaultSpecError(`slowMs must be a non-negative whole number of milliseconds, got ${String(options.slowMs)}`);
    this.slowMs = slowMs;
    this.random = seededRandom(options.seed);
  }

  get total(): number {
    return Object.values(this.injected).reduce((sum, count) => sum + count, 0);
  }

  readonly injector: FaultInjector = (request) => {
    if (!FAULTED_ACTIONS.has(request.action)) return undefined;
    this.calls++;
    const kind = this.pick(this.random());
    if (kind === undefined) return undefined;
    this.injected[kind]++;
    return this.fault(kind, request);
  };

  private pick(draw: number): FaultKind | undefined {
    let bound = 0;
    for (const [kind, rate] of this.rates) {
      bound += rate;
      if (draw < bound) return kind;
    }
    return undefined;
  }

  private fault(kind: FaultKind, request: FaultRequest): InjectedFault {
    switch (kind) {
      case "429":
        return { status: 429, type: "TooManyRequestsException", message: "Rate exceeded (injected)" };
      case "500":
        return { status: 500, type: "ServiceException", message: "internal error (injected)" };
      case "503":
        return { status: 503, type: "ServiceUnavailableException", message: "service unavailable (injected)" };
      case "drop":
        return { drop: this.random() < 0.5 ? "before" : "after" };
      case "slow":
        return { delayMs: Math.round(this.random() * this.slowMs) };
      case "stale-token":
        return { status: 400, type: "InvalidParameterValueException", message: `Invalid Checkpoint Token: ${request.query.get("CheckpointToken") ?? "the token"} is not the current checkpoint token (injected)` };
    }
  }
}

function checkRates(rates: FaultRates): [FaultKind, number][] {
  const entries: [FaultKind, number][] = [];
  let sum = 0;
  for (const [kind, rate] of Object.entries(rates)) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new FaultSpecError(`unknown fault kind "${kind}" (known: ${FAULT_KINDS.join(", ")})`);
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new FaultSpecError(`the rate of fault ${kind} must be a number from 0 to 1, got ${String(rate)}`);
    sum += rate;
    entries.push([kind as FaultKind, rate]);
  }
  if (sum > 1 + 1e-9) throw new FaultSpecError(`the fault rates add up to ${Number(sum.toFixed(6))}; at most one fault is injected per call, so they must add up to at most 1`);
  return entries.sort(([a], [b]) => FAULT_KINDS.indexOf(a) - FAULT_KINDS.indexOf(b));
}

/**
 * Parses `429=0.1,500=0.05,drop=0.02,slow=0.05,stale-token=0.05` (as `durable serve --faults` takes it).
 * @example
 * const plan = new FaultPlan({ rates: parseFaultRates("500=0.05,drop=0.02"), seed: 7 });
 */
export function parseFaultRates(spec: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of spec.split(",")) {
    const match = /^\s*([a-z0-9-]+)\s*=\s*([0-9.eE+-]+)\s*$/.exec(part);
    if (match === null) throw new FaultSpecError(`--faults takes KIND=RATE[,KIND=RATE]... (kinds: ${FAULT_KINDS.join(", ")}; rates from 0 to 1), got "${part}" in "${spec}"`);
    const [, kind, text] = match;
    if (kind! in rates) throw new FaultSpecError(`--faults names ${kind} twice in "${spec}"`);
    const rate = Number(text);
    if (text === "" || Number.isNaN(rate)) throw new FaultSpecError(`the rate of fault ${kind} must be a number from 0 to 1, got "${text}"`);
    rates[kind as FaultKind] = rate;
  }
  checkRates(rates);
  return rates;
}
