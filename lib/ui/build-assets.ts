// Builds the page's script and style into lib/ui/assets.ts, so the package serves them from its own code (no CDN,
// no files beside the bundle). Run after changing lib/ui/page: `npm run build-ui`; a test fails while it is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const page = (file: string) => fileURLToPath(new URL(`./page/${file}`, import.meta.url));
export const ASSETS_FILE = fileURLToPath(new URL("./assets.ts", import.meta.url));

/** The text of lib/ui/assets.ts for the page's sources as they are. */
export async function assetsSource(): Promise<string> {
  const script = await build({ entryPoints: [page("main.ts")], bundle: true, minify: true, format: "iife", target: ["chrome120", "firefox115", "safari16"], write: false, legalComments: "none", logLevel: "warning" });
  const style = await build({ entryPoints: [page("style.css")], bundle: true, minify: true, target: ["chrome120", "firefox115", "safari16"], write: false, logLevel: "warning" });
  const text = (result: typeof script) => result.outputFiles[0]!.text.trim();
  return `// Built by lib/ui/build-assets.ts from lib/ui/page (npm run build-ui); do not edit.\n`
    + `export const PAGE_SCRIPT = ${JSON.stringify(text(script))};\n`
    + `export const PAGE_STYLE = ${JSON.stringify(text(style))};\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const source = await assetsSource();
  const before = (() => {
    try {
      return readFileSync(ASSETS_FILE, "utf8");
    } catch {
      return "";
    }
  })();
  writeFileSync(ASSETS_FILE, source);
  console.log(`${ASSETS_FILE}: ${(Buffer.byteLength(source) / 1024).toFixed(1)} KiB${before === source ? " (unchanged)" : ""}`);
}
