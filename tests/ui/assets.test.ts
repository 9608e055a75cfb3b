// The page's script and style are built into lib/ui/assets.ts; they must match their sources and load nothing from
// elsewhere (the UI works offline, with no CDN).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { PAGE_SCRIPT, PAGE_STYLE } from "../../lib/ui/assets";
import { ASSETS_FILE, assetsSource } from "../../lib/ui/build-assets";
import { pageHtml } from "../../lib/ui/page-html";

test("lib/ui/assets.ts is what lib/ui/page builds to (npm run build-ui after changing the page)", async () => {
  assert.ok(readFileSync(ASSETS_FILE, "utf8") === (await assetsSource()), "lib/ui/assets.ts is stale: run npm run build-ui");
});

test("the page, its script and its style name no resource outside the service", () => {
  for (const [name, text] of Object.entries({ html: pageHtml("token"), script: PAGE_SCRIPT, style: PAGE_STYLE })) {
    const urls = [...text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"')]*/gi)].map((match) => match[0]).filter((url) => url !== "http://www.w3.org/2000/svg");
    assert.equal(urls, [], `${name} refers to ${urls.join(", ")}`);
    const imports = [...text.matchAll(/@import|url\((?!#)/g)];
    assert.is(imports.length, 0, `${name} loads a resource of its own`);
  }
  const bytes = Buffer.byteLength(PAGE_SCRIPT) + Buffer.byteLength(PAGE_STYLE) + Buffer.byteLength(pageHtml("t".repeat(32)));
  const gzipped = gzipSync(PAGE_SCRIPT).length + gzipSync(PAGE_STYLE).length;
  console.log(`  web UI: ${(bytes / 1024).toFixed(1)} KiB (${(gzipped / 1024).toFixed(1)} KiB gzipped script and style)`);
});

test.run();
