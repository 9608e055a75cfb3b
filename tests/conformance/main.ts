// npm run conformance [-- --handlers FILE] [DIR]: runs AWS's conformance requirements (default
// ../shared/conformance/requirements, or CONFORMANCE_DIR) against handlers written with this library on the local
// service, prints a line per requirement, and ends with "N passed, N failed". Exits 1 when a non-optional
// requirement fails.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadRequirements } from "./requirements";
import { runRequirement, type ConformanceHandler } from "./run-requirement";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { handlers: { type: "string" } } });
const directory = resolve(positionals[0] ?? process.env.CONFORMANCE_DIR ?? "../shared/conformance/requirements");
if (!existsSync(directory)) {
  console.log(`conformance: ${directory} does not exist; nothing to run (SKIP)`);
  process.exit(0);
}
const module = (await import(pathToFileURL(resolve(values.handlers ?? "tests/conformance/handlers/index.ts")).href)) as { handlers: Record<string, ConformanceHandler> };

let passed = 0;
let failed = 0;
let skipped = 0;
let requiredFailures = 0;
for (const requirement of loadRequirements(directory)) {
  const outcome = await runRequirement(requirement, module.handlers[requirement.id]);
  const tag = `${requirement.suite}/${requirement.id}${requirement.optional ? " (optional)" : ""}`;
  const logs = outcome.logs === undefined ? "" : ` (logs ${outcome.logs})`;
  console.log(`${tag.padEnd(28)} ${outcome.status}${logs}${outcome.detail ? `  ${outcome.detail}` : ""}`);
  if (outcome.status === "PASS") passed++;
  else if (outcome.status === "SKIP") skipped++;
  else {
    failed++;
    if (!requirement.optional) requiredFailures++;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(requiredFailures > 0 ? 1 : 0);
