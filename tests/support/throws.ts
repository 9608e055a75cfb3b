import * as assert from "uvu/assert";

/** Asserts that `action` throws synchronously an instance of `type` whose message matches `pattern`. */
export function throwsError(type: abstract new (...args: never[]) => Error, action: () => unknown, pattern: RegExp): void {
  try {
    action();
  } catch (error) {
    assert.instance(error, type);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a ${type.name} matching ${pattern}`);
}
