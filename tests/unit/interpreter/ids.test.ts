import { execFileSync } from "node:child_process";
import { hash } from "node:crypto";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { hashPath, operationIdAt, childPath } from "../../../interpreter/ids";
import { md5ModuleBytes } from "../../../interpreter/md5-wasm-assembler";
import { MD5_WASM } from "../../../interpreter/md5-wasm-bytes";

const md5Id = (path: string) => hash("md5", path, "hex").slice(0, 16);

test("ids are the first 16 hex chars of md5 of the positional path, as the official SDK computes them", () => {
  assert.is(hashPath("1"), "c4ca4238a0b92382");
  assert.is(hashPath("2"), "c81e728d9d4c2f63");
  assert.is(hashPath("1-1"), "ea66c06c1e1c05fa");
  assert.is(hashPath("2-2-1"), "61e70e07c25ca2dd");
});

test("paths count from 1 per context and nest with dashes", () => {
  assert.is(childPath("", 3), "3");
  assert.is(childPath("3", 2), "3-2");
  assert.is(operationIdAt("", 1), hashPath("1"));
  assert.is(operationIdAt("2-2", 1), hashPath("2-2-1"));
  assert.is(operationIdAt("2-2", 1), operationIdAt("2-2", 1));
});

test("the batched WebAssembly md5 gives node:crypto's ids for every position, at every digit count and batch edge", () => {
  for (const context of ["", "4", "12-3"]) {
    for (let position = 1; position <= 5000; position++) {
      const path = childPath(context, position);
      if (operationIdAt(context, position) !== md5Id(path)) assert.unreachable(`the id of ${path}`);
    }
  }
  for (const position of [99_999, 100_000, 1_234_567, 4_294_967_039]) assert.is(operationIdAt("5", position), md5Id(`5-${position}`), `5-${position}`);
});

test("the shipped WebAssembly bytes are what md5-wasm-assembler.ts assembles", () => {
  const assembled = Buffer.from(md5ModuleBytes()).toString("base64");
  assert.ok(MD5_WASM === assembled, `interpreter/md5-wasm-bytes.ts is stale: MD5_WASM must be "${assembled}"`);
});

test("positions asked out of order, and paths too long for one md5 block, get the same ids", () => {
  assert.is(operationIdAt("6", 700), md5Id("6-700"));
  assert.is(operationIdAt("6", 3), md5Id("6-3"));
  assert.is(operationIdAt("6", 701), md5Id("6-701"));
  const longest = "1-".repeat(22).slice(0, 44);
  assert.is(operationIdAt(longest, 9_999), md5Id(`${longest}-9999`), "a 45-byte prefix, hashed in WebAssembly");
  const tooLong = `${longest}-1`;
  assert.is(operationIdAt(tooLong, 12), md5Id(`${tooLong}-12`), "a 47-byte prefix, hashed by node:crypto");
  assert.is(operationIdAt("7", 4_294_967_295), md5Id("7-4294967295"), "the largest position");
});

test("without WebAssembly (node --jitless) ids come from node:crypto, the same", () => {
  const script = `import { operationIdAt } from ${JSON.stringify(new URL("../../../interpreter/ids.ts", import.meta.url).href)};
    console.log(JSON.stringify([operationIdAt("", 1), operationIdAt("", 300), operationIdAt("2-2", 1), typeof WebAssembly]));`;
  const output = execFileSync(process.execPath, ["--jitless", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.equal(JSON.parse(output), [md5Id("1"), md5Id("300"), md5Id("2-2-1"), "undefined"]);
});

test.run();
