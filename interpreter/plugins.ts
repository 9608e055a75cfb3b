import type { Plugin } from "./plugins-api";

type Hook = "onInvocationStart" | "onInvocationEnd" | "onOperationStart" | "onOperationEnd" | "onOperationAttemptStart" | "onOperationAttemptEnd" | "onOperationChange";
type Wrapper = "wrapInvocation" | "wrapOperationAttemptFn" | "wrapChildContextFn";

/** Where a failing hook is reported: the execution's logger, at ERROR. */
export type HookFailureReport = (message: string, data: { plugin: string; hook: string; error: string }) => void;

/**
 * Calls plugins' hooks so that no plugin can change what the workflow does: every plugin's hook is called (in the
 * given order, without waiting for the previous one's promise), a throw or a rejection is reported and swallowed,
 * and a wrapper's user function runs exactly once whatever the wrapper does, its own value or error passed on.
 * Hooks' promises are kept until `settled()`, so the invocation can await them before it ends.
 */
export class PluginDispatch {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    readonly plugins: readonly Plugin[],
    private readonly report: HookFailureReport,
  ) {}

  /** Whether any plugin has `hook`: callers skip building the info otherwise. */
  has(hook: Hook | Wrapper | "enrichLogContext"): boolean {
    for (const plugin of this.plugins) if (typeof plugin[hook] === "function") return true;
    return false;
  }

  /** Calls `hook` on every plugin; the promise (undefined when every hook returned synchronously) settles when they all did. */
  call<I>(hook: Hook, info: I): Promise<void> | undefined {
    let waiting: Promise<void>[] | undefined;
    for (let index = 0; index < this.plugins.length; index++) {
      const plugin = this.plugins[index]!;
      const method = plugin[hook] as ((info: I) => unknown) | undefined;
      if (typeof method !== "function") continue;
      let returned: unknown;
      try {
        returned = method.call(plugin, info);
      } catch (error) {
        this.failed(index, hook, error);
        continue;
      }
      if (isPromiseLike(returned)) (waiting ??= []).push(this.keep(index, hook, returned));
    }
    if (waiting === undefined) return undefined;
    return waiting.length === 1 ? waiting[0] : Promise.all(waiting).then(() => undefined);
  }

  /**
   * Runs `fn` inside every plugin's `wrapper`, the first plugin outermost. A wrapper that throws, never calls its
   * function or calls it twice changes nothing: `fn` runs once and its value (or error) is what comes back.
   */
  wrap<T>(wrapper: Wrapper, info: unknown, fn: () => T): T {
    return this.wrapFrom(0, wrapper, info, fn);
  }

  /** Fields every plugin adds to a log record; undefined when none adds any. */
  enrich(): Record<string, string | number | boolean> | undefined {
    let fields: Record<string, string | number | boolean> | undefined;
    for (let index = 0; index < this.plugins.length; index++) {
      const plugin = this.plugins[index]!;
      if (typeof plugin.enrichLogContext !== "function") continue;
      try {
        const added = plugin.enrichLogContext();
        if (added !== undefined && added !== null) fields = { ...fields, ...added };
      } catch (error) {
        this.failed(index, "enrichLogContext", error);
      }
    }
    return fields;
  }

  /** Settles when every hook promise kept so far (and those they led to) has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  private wrapFrom<T>(index: number, wrapper: Wrapper, info: unknown, fn: () => T): T {
    let next = index;
    while (next < this.plugins.length && typeof this.plugins[next]![wrapper] !== "function") next++;
    if (next === this.plugins.length) return fn();
    const plugin = this.plugins[next]!;
    const inner = () => this.wrapFrom(next + 1, wrapper, info, fn);
    // Set by `once`, which the wrapper calls: typed as a whole, or the checks below would see only the initial value.
    let state = { ran: false } as { ran: false } | { ran: true; threw: false; value: T } | { ran: true; threw: true; error: unknown };
    const once = (): T => {
      if (!state.ran) {
        try {
          state = { ran: true, threw: false, value: inner() };
        } catch (error) {
          state = { ran: true, threw: true, error };
        }
      }
      if (state.threw) throw state.error;
      return state.value;
    };
    try {
      const returned = (plugin[wrapper] as (info: unknown, run: () => T) => unknown).call(plugin, info, once);
      if (isPromiseLike(returned) && !(state.ran && !state.threw && (returned as unknown) === state.value)) this.keep(next, wrapper, returned, state.ran ? state : undefined);
    } catch (error) {
      // The user function's own error, passed through by the wrapper, is not the plugin's failure.
      if (!(state.ran && state.threw && state.error === error)) this.failed(next, wrapper, error);
    }
    if (!state.ran) {
      this.failed(next, wrapper, new Error("the wrapper did not call the function it wraps; it was called without it"));
      return once();
    }
    return once();
  }

  /**
   * Keeps a hook's promise until it settles. A wrapper's promise that rejects with what the wrapped function threw
   * or rejected with (`inner`) passes the user's error on: that is not the plugin's failure.
   */
  private keep(index: number, hook: string, promise: PromiseLike<unknown>, inner?: { threw: false; value: unknown } | { threw: true; error: unknown }): Promise<void> {
    const rejected = async (error: unknown): Promise<void> => {
      if (inner?.threw === true && inner.error === error) return;
      if (inner?.threw === false && isPromiseLike(inner.value)) {
        const innerError = await Promise.resolve(inner.value).then(() => NOTHING, (reason: unknown) => reason);
        if (innerError === error) return;
      }
      this.failed(index, hook, error);
    };
    const kept: Promise<void> = Promise.resolve(promise).then(() => undefined, rejected).finally(() => this.pending.delete(kept));
    this.pending.add(kept);
    return kept;
  }

  private failed(index: number, hook: string, error: unknown): void {
    const plugin = this.plugins[index]?.name ?? `plugin ${index + 1}`;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    try {
      this.report(`plugin hook failed (ignored): ${plugin} ${hook}: ${text}`, { plugin, hook, error: text });
    } catch {
      // A logger that throws cannot report anything; the execution goes on.
    }
  }
}

const NOTHING = Symbol("nothing");

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
