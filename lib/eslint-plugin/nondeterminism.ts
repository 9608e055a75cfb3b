import type { SourceCode } from "eslint";
import type * as ESTree from "estree";
import { importOf, isGlobal, resolve, unwrap } from "./syntax";

/** A call whose result differs between the first run and a replay, or a timer, which does not survive a suspension. */
export interface Nondeterministic {
  /** How the code wrote it, canonically: "Date.now()", "new Date()", "crypto.randomUUID()", "setTimeout()". */
  readonly call: string;
  readonly kind: "value" | "timer";
}

const VALUE_CALLS: ReadonlySet<string> = new Set([
  "Date.now", "Math.random", "crypto.randomUUID", "crypto.getRandomValues", "crypto.randomBytes", "crypto.randomInt",
  "crypto.randomFillSync", "performance.now", "process.hrtime", "process.hrtime.bigint", "process.uptime",
]);
const TIMERS: ReadonlySet<string> = new Set(["setTimeout", "setInterval", "setImmediate"]);

/** Node modules whose exports are the globals above (`import { randomUUID } from "node:crypto"` is crypto.randomUUID). */
const MODULES: Readonly<Record<string, string>> = {
  crypto: "crypto", "node:crypto": "crypto", perf_hooks: "", "node:perf_hooks": "",
  timers: "", "node:timers": "", "timers/promises": "", "node:timers/promises": "",
};

/** What `node` calls, when it is a non-deterministic call or a timer. */
export function nondeterministicCall(sourceCode: SourceCode, node: ESTree.Node): Nondeterministic | undefined {
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return undefined;
  const callee = pathOf(sourceCode, unwrap(node.callee));
  if (callee === undefined) return undefined;
  if (callee === "Date" && node.arguments.length === 0) return { call: node.type === "NewExpression" ? "new Date()" : "Date()", kind: "value" };
  if (node.type === "NewExpression") return undefined;
  if (VALUE_CALLS.has(callee)) return { call: `${callee}()`, kind: "value" };
  if (TIMERS.has(callee)) return { call: `${callee}()`, kind: "timer" };
  return undefined;
}

/**
 * The global path an expression names ("Date.now", "crypto.randomUUID"), following imports from Node's modules
 * and `globalThis.`; undefined when it starts from a variable of the file.
 */
function pathOf(sourceCode: SourceCode, node: ESTree.Node): string | undefined {
  if (node.type === "Identifier") {
    if (isGlobal(sourceCode, node)) return node.name === "globalThis" ? "" : node.name;
    const origin = importOf(resolve(sourceCode, node));
    const prefix = origin === undefined ? undefined : MODULES[origin.source];
    if (origin === undefined || prefix === undefined) return undefined;
    if (origin.imported === "*" || origin.imported === "default") return prefix;
    return prefix === "" ? origin.imported : `${prefix}.${origin.imported}`;
  }
  if (node.type !== "MemberExpression") return undefined;
  const property = !node.computed && node.property.type === "Identifier" ? node.property.name
    : node.property.type === "Literal" && typeof node.property.value === "string" ? node.property.value : undefined;
  if (property === undefined || node.object.type === "Super") return undefined;
  const object = pathOf(sourceCode, unwrap(node.object));
  if (object === undefined) return undefined;
  return object === "" ? property : `${object}.${property}`;
}

export const VALUE_INSTEAD = "compute it in a step, whose result is recorded and replayed: `const now = yield* step(\"now\", () => Date.now())`";
export const TIMER_INSTEAD = "use `yield* wait(\"name\", { seconds: N })`, a durable wait (a timer does not survive the invocation, which may end at any operation)";
