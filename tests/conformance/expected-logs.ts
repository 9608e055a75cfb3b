// ExpectedLogs of the conformance requirements: assertions on the JSON log lines an execution wrote.
//   - match: { field: value, ... }   a record matches when every field is present and equal; a string '/re/' is a
//                                    regex search on the field as text (a leading (?i) makes it case-insensitive)
//     count: N | min_count: N        how many records match (exactly / at least)
//     after: [ { pattern }, ... ]    every matching record comes after a record matching each pattern
// Lines that are not JSON objects are not records.

export interface LogExpectation {
  match: Record<string, unknown>;
  count?: number;
  min_count?: number;
  after?: Record<string, unknown>[];
}

/** The first expectation the lines do not meet, described; undefined when they meet all. */
export function checkLogs(expectations: readonly LogExpectation[], lines: readonly string[]): string | undefined {
  const records = lines.flatMap((line) => {
    try {
      const value = JSON.parse(line) as unknown;
      return value !== null && typeof value === "object" && !Array.isArray(value) ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
  for (const expectation of expectations) {
    const matching = records.flatMap((record, index) => (matches(expectation.match, record) ? [index] : []));
    const what = JSON.stringify(expectation.match);
    if (expectation.count !== undefined && matching.length !== expectation.count) return `${what} matched ${matching.length} records, expected ${expectation.count}`;
    if (expectation.min_count !== undefined && matching.length < expectation.min_count) return `${what} matched ${matching.length} records, expected at least ${expectation.min_count}`;
    for (const anchor of expectation.after ?? []) {
      const first = records.findIndex((record) => matches(anchor, record));
      const early = matching.find((index) => first === -1 || index < first);
      if (early !== undefined) return `${what}: record ${early + 1} (${JSON.stringify(records[early])}) is not after ${JSON.stringify(anchor)}${first === -1 ? " (no such record)" : ` (first at ${first + 1})`}`;
    }
  }
  return undefined;
}

function matches(pattern: Record<string, unknown>, record: Record<string, unknown>): boolean {
  for (const [field, expected] of Object.entries(pattern)) {
    if (!Object.hasOwn(record, field) || record[field] === undefined || record[field] === null) return false;
    if (!valueMatches(expected, record[field])) return false;
  }
  return true;
}

function valueMatches(expected: unknown, actual: unknown): boolean {
  if (typeof expected === "string") {
    const regex = /^\/(.*)\/$/s.exec(expected);
    if (regex !== null) {
      const source = regex[1]!;
      const insensitive = source.startsWith("(?i)");
      return new RegExp(insensitive ? source.slice(4) : source, insensitive ? "i" : "").test(typeof actual === "string" ? actual : JSON.stringify(actual));
    }
  }
  if (expected !== null && typeof expected === "object") return JSON.stringify(expected) === JSON.stringify(actual);
  return expected === actual || (typeof actual !== "object" && String(expected) === String(actual));
}
