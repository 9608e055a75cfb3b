// Runs in a fresh node process: every timed scenario for one library (argv: library, plan file, recorded events
// file); prints the samples as JSON.
import { readFileSync } from "node:fs";
import { LIBRARIES, type Library, type Plan } from "./measure";
import { librarySamples, type RecordedEvents } from "./samples";

const [library, planFile, eventsFile] = process.argv.slice(2);
if (!LIBRARIES.includes(library as Library) || planFile === undefined || eventsFile === undefined) {
  throw new Error(`usage: library-process.ts <${LIBRARIES.join("|")}> <plan.json> <events.json>`);
}
const plan = JSON.parse(readFileSync(planFile, "utf8")) as Plan;
const events = JSON.parse(readFileSync(eventsFile, "utf8")) as RecordedEvents;
// On a line of its own, the last one: nothing a library logs can be mistaken for it.
process.stdout.write(`\n${JSON.stringify(await librarySamples(library as Library, plan, events))}\n`);
