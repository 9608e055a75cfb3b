// The matching rules of shared/conformance/README.md: events by EventId; objects as subsets whose keys must exist;
// lists element-wise with equal length; `{}` any content, '*' any value, ${X} binds or must equal, ${/re/} a
// regex search; else literal equality (1 == 1.0).

export interface Mismatch {
  eventId: number | undefined;
  path: string;
  expected: unknown;
  actual: unknown;
}

export type Bindings = Map<string, unknown>;

const BINDING = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const REGEX = /^\$\{\/(.*)\/\}$/s;

/** The first way `actual` differs from `expected`, or undefined when it matches. Bindings made along the way stay. */
export function matchValue(expected: unknown, actual: unknown, path: string, bindings: Bindings, eventId?: number): Mismatch | undefined {
  const miss = (): Mismatch => ({ eventId, path, expected, actual });
  if (isPlainObject(expected) && Object.keys(expected).length === 0) return isPlainObject(actual) ? undefined : miss();
  if (expected === "*") return undefined;
  if (typeof expected === "string") {
    const binding = BINDING.exec(expected);
    if (binding !== null) {
      const name = binding[1]!;
      if (!bindings.has(name)) {
        bindings.set(name, actual);
        return undefined;
      }
      return deepEqual(bindings.get(name), actual) ? undefined : { eventId, path, expected: `${expected} = ${JSON.stringify(bindings.get(name))}`, actual };
    }
    const regex = REGEX.exec(expected);
    if (regex !== null) return actual !== undefined && actual !== null && new RegExp(regex[1]!).test(String(actual)) ? undefined : miss();
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return miss();
    for (let i = 0; i < expected.length; i++) {
      const mismatch = matchValue(expected[i], actual[i], `${path}[${i}]`, bindings, eventId);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return miss();
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual) || actual[key] === undefined) return { eventId, path: `${path}.${key}`, expected: value, actual: "(missing)" };
      const mismatch = matchValue(value, actual[key], `${path}.${key}`, bindings, eventId);
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  return deepEqual(expected, actual) ? undefined : miss();
}

/** Matches the expected events against the actual history by EventId. */
export function matchHistory(expected: readonly Record<string, unknown>[], actual: readonly Record<string, unknown>[], bindings: Bindings): Mismatch | undefined {
  for (const event of expected) {
    const eventId = event.EventId as number;
    const found = actual.find((candidate) => candidate.EventId === eventId);
    if (found === undefined) return { eventId, path: "", expected: `${event.EventType} #${eventId}`, actual: `no event #${eventId} (the history has ${actual.length})` };
    const mismatch = matchValue(event, found, "", bindings, eventId);
    if (mismatch !== undefined) return mismatch;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((key) => a[key] !== undefined || b[key] !== undefined));
    return [...keys].every((key) => deepEqual(a[key], b[key]));
  }
  return a === b || (a == null && b == null);
}
