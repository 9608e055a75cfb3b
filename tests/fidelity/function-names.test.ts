import { test } from "uvu";
import * as assert from "uvu/assert";
import { executedVersionOf, parseFunctionName } from "../../lib/local/function-names";

test("every form Lambda accepts names the function and its qualifier", () => {
  const forms: [string, string | undefined][] = [
    ["hello", undefined], ["hello:$LATEST", "$LATEST"], ["hello:12", "12"], ["hello:live", "live"],
    ["123456789012:function:hello", undefined], ["123456789012:function:hello:live", "live"],
    ["arn:aws:lambda:eu-west-1:123456789012:function:hello", undefined], ["arn:aws-cn:lambda:cn-north-1:123456789012:function:hello:$LATEST", "$LATEST"],
  ];
  for (const [given, qualifier] of forms) assert.equal(parseFunctionName(given), { name: "hello", qualifier }, given);
});

test("a string of no known form is a name as it is (and then not found under it)", () => {
  assert.equal(parseFunctionName("arn:aws:s3:::bucket"), { name: "arn:aws:s3:::bucket", qualifier: undefined });
  assert.equal(parseFunctionName("a:b:c"), { name: "a:b:c", qualifier: undefined });
});

test("the executed version: a version number as given, $LATEST for $LATEST and aliases", () => {
  assert.is(executedVersionOf("hello:7"), "7");
  assert.is(executedVersionOf("hello"), "$LATEST");
  assert.is(executedVersionOf("hello:live"), "$LATEST");
  assert.is(executedVersionOf("hello", "3"), "3");
});

test.run();
