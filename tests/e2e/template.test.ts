// samples/template.yaml deploys what build.mjs builds: every CodeUri is a bundle it writes, every sample handler is
// deployed, durable functions have their DurableConfig and the permissions they use.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse, type ScalarTag } from "yaml";
import { tempDir } from "../support/temp-dir";

const root = join(import.meta.dirname, "..", "..");

/** CloudFormation's short forms, kept as their long forms. */
const intrinsics: ScalarTag[] = ["Sub", "Ref", "GetAtt"].map((name) => ({
  tag: `!${name}`,
  resolve: (value: string) => ({ [name === "Ref" ? "Ref" : `Fn::${name}`]: value }),
}));

interface SamFunction {
  Type: string;
  Properties: {
    FunctionName: { "Fn::Sub": string };
    CodeUri: string;
    DurableConfig?: { ExecutionTimeout: number; RetentionPeriodInDays: number };
    Environment?: { Variables: Record<string, unknown> };
    Policies?: { Statement: { Effect: string; Action: string[]; Resource: unknown }[] }[];
  };
}

const template = parse(readFileSync(join(root, "samples", "template.yaml"), "utf8"), { customTags: intrinsics }) as {
  Transform: string;
  Globals: { Function: Record<string, unknown> };
  Resources: Record<string, SamFunction>;
};
const functions = Object.entries(template.Resources).filter(([, resource]) => resource.Type === "AWS::Serverless::Function");
const bundleOf = (resource: SamFunction) => /^\.\.\/dist\/lambda\/([a-z-]+)\/$/.exec(resource.Properties.CodeUri)?.[1];

test("template: every sample handler is a function on nodejs22.x, invoked through an alias, from dist/lambda/<sample>/index.mjs", () => {
  assert.is(template.Transform, "AWS::Serverless-2016-10-31");
  assert.equal(
    { runtime: template.Globals.Function.Runtime, handler: template.Globals.Function.Handler, alias: template.Globals.Function.AutoPublishAlias },
    { runtime: "nodejs22.x", handler: "index.handler", alias: "live" },
  );
  const handlers = readdirSync(join(root, "samples")).filter((file) => file.endsWith(".handler.ts")).map((file) => file.replace(/\.handler\.ts$/, "")).sort();
  assert.equal(functions.map(([, resource]) => bundleOf(resource)).sort(), handlers);
  for (const [id, resource] of functions) assert.is(resource.Properties.FunctionName["Fn::Sub"], `\${AWS::StackName}-${bundleOf(resource)}`, id);
});

test("template: durable functions have a DurableConfig and may checkpoint and read the state of their own executions", () => {
  const durable = functions.filter(([, resource]) => resource.Properties.DurableConfig !== undefined);
  assert.equal(durable.map(([id]) => id), ["OrderFunction", "TripFunction", "InvoicesFunction", "ExportFunction", "AgentFunction"]);
  for (const [id, resource] of durable) {
    const { ExecutionTimeout, RetentionPeriodInDays } = resource.Properties.DurableConfig!;
    assert.ok(Number.isInteger(ExecutionTimeout) && ExecutionTimeout >= 1 && ExecutionTimeout <= 31_622_400, `${id} ExecutionTimeout ${ExecutionTimeout}`);
    assert.ok(Number.isInteger(RetentionPeriodInDays) && RetentionPeriodInDays >= 1 && RetentionPeriodInDays <= 90, `${id} RetentionPeriodInDays ${RetentionPeriodInDays}`);
    const statements = resource.Properties.Policies!.flatMap((policy) => policy.Statement);
    const own = statements.find((statement) => statement.Action.includes("lambda:CheckpointDurableExecution"));
    assert.equal(own?.Action, ["lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState"], id);
    assert.equal(own?.Resource, { "Fn::Sub": `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${resource.Properties.FunctionName["Fn::Sub"]}:*` }, id);
  }
  // The order waits up to 24 hours for its approval, then 30 minutes: its execution may last longer than that.
  assert.ok(template.Resources.OrderFunction!.Properties.DurableConfig!.ExecutionTimeout > 24 * 3600 + 1800);
});

test("template: the agent may invoke the model function, whose alias it is given", () => {
  const agent = template.Resources.AgentFunction!.Properties;
  assert.equal(agent.Environment?.Variables.AGENT_MODEL_FUNCTION, { Ref: "AgentModelFunction.Alias" });
  const invoke = agent.Policies!.flatMap((policy) => policy.Statement).find((statement) => statement.Action.includes("lambda:InvokeFunction"));
  assert.equal(invoke?.Resource, [{ "Fn::GetAtt": "AgentModelFunction.Arn" }, { "Fn::Sub": "${AgentModelFunction.Arn}:*" }]);
  assert.is(template.Resources.AgentModelFunction!.Properties.DurableConfig, undefined);
});

test("node build.mjs writes the bundles the template points to, with client-lambda inside, and prints their sizes", () => {
  const out = tempDir("durable-lambda-");
  try {
    const build = spawnSync(process.execPath, ["build.mjs", `--lambda-outdir=${out}`], { cwd: root, encoding: "utf8", timeout: 120_000 });
    assert.is(build.status, 0, build.stderr);
    for (const [id, resource] of functions) {
      const name = bundleOf(resource)!;
      const bundle = join(out, name, "index.mjs");
      assert.ok(existsSync(bundle), `${id}: ${bundle}`);
      assert.match(build.stdout, new RegExp(`${name}/index\\.mjs  \\d+\\.\\d KiB`));
      const code = readFileSync(bundle, "utf8");
      assert.not.match(code, /from\s*["']@aws-sdk\//, `${id}: imports nothing from the runtime's AWS SDK`);
      if (resource.Properties.DurableConfig !== undefined) assert.ok(code.includes("CheckpointDurableExecution"), `${id}: client-lambda's checkpoint API is bundled`);
    }
    const loaded = spawnSync(process.execPath, ["--input-type=module", "-e", `
      for (const file of ${JSON.stringify(functions.map(([, resource]) => pathToFileURL(join(out, bundleOf(resource)!, "index.mjs")).href))}) {
        const module = await import(file);
        if (typeof module.handler !== "function") throw new Error(file + " exports no handler");
      }`], { encoding: "utf8", timeout: 60_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    assert.is(loaded.status, 0, loaded.stderr);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
