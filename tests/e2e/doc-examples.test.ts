// Every export of the package's entries carries a doc comment with an @example, so an IDE hover teaches the API.
// Read from the declarations users install (dist/types, built by `npm test`'s pretest), following re-exports.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const types = join(import.meta.dirname, "..", "..", "dist", "types");
const ENTRIES = ["lib/index.d.ts", "lib/testing.d.ts", "lib/opentelemetry.d.ts"];
const REEXPORT = /export (?:type )?\{([^}]*)\}(?: from "([^"]+)")?/g;
const STAR = /export \* from "([^"]+)"/g;

type Verdict = "ok" | "no example" | "no comment" | "not found";

function target(from: string, specifier: string): string {
  const file = join(dirname(from), specifier.replace(/\.js$/, ".d.ts"));
  return existsSync(file) ? file : join(dirname(from), specifier.replace(/\.js$/, ""), "index.d.ts");
}

function names(list: string): { local: string; exported: string }[] {
  return list.split(",").map((part) => part.trim().replace(/^type /, "")).filter(Boolean).map((part) => {
    const [local, exported] = part.split(/\s+as\s+/);
    return { local: local!, exported: exported ?? local! };
  });
}

function verdictOf(comment: string | undefined): Verdict {
  if (comment === undefined) return "no comment";
  return comment.includes("@example") ? "ok" : "no example";
}

/** Where `name` is declared, starting at `file`, and whether its doc comment has an example. */
function documentation(file: string, name: string, seen = new Set<string>()): Verdict {
  if (seen.has(`${file}#${name}`)) return "not found";
  seen.add(`${file}#${name}`);
  const text = readFileSync(file, "utf8");
  const declaration = new RegExp(`(\\/\\*\\*(?:(?!\\*\\/)[\\s\\S])*\\*\\/\\s*)?^(?:export )?(?:declare )?(?:abstract )?(?:function|class|const|let|type|interface|enum) ${name}\\b`, "m").exec(text);
  if (declaration) return verdictOf(declaration[1]);
  for (const match of text.matchAll(REEXPORT)) {
    if (match[2] === undefined) continue;
    const found = names(match[1]!).find((entry) => entry.exported === name);
    if (found) return documentation(target(file, match[2]), found.local, seen);
  }
  for (const match of text.matchAll(STAR)) {
    const verdict = documentation(target(file, match[1]!), name, seen);
    if (verdict !== "not found") return verdict;
  }
  return "not found";
}

test("every export of durable-gen, durable-gen/testing and durable-gen/opentelemetry has a doc comment with an @example", () => {
  assert.ok(existsSync(join(types, ENTRIES[0]!)), "dist/types is missing: `npm test` builds it first (pretest), or run `npm run build`");
  const undocumented: string[] = [];
  let checked = 0;
  for (const entry of ENTRIES) {
    const file = join(types, entry);
    for (const match of readFileSync(file, "utf8").matchAll(REEXPORT)) {
      for (const { local, exported } of names(match[1]!)) {
        checked++;
        const verdict = match[2] === undefined ? documentation(file, local) : documentation(target(file, match[2]), local);
        if (verdict !== "ok") undocumented.push(`${entry}: ${exported} (${verdict})`);
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} exports found: the entries' shape changed and this test no longer reads them`);
  assert.equal(undocumented, [], `exports without a doc example:\n${undocumented.join("\n")}`);
});

test.run();
