import { test } from "uvu";
import * as assert from "uvu/assert";
import { hashPath, operationIdAt, childPath } from "../../../interpreter/ids";

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

test.run();
