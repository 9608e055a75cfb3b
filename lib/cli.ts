#!/usr/bin/env node
// The `durable` command: run, serve, start, callback, build, timeline, replay, check, history. Exit codes: 0 success, 1 the execution failed, 2 bad usage.
import { buildCommand, BUILD_HELP } from "./cli/build";
import { callbackCommand, CALLBACK_HELP } from "./cli/callback";
import { checkCommand, CHECK_HELP } from "./cli/check";
import { historyCommand, HISTORY_HELP } from "./cli/history";
import { UsageError } from "./cli/load-module";
import { replayCommand, REPLAY_HELP } from "./cli/replay";
import { runCommand, RUN_HELP } from "./cli/run";
import { serveCommand, SERVE_HELP } from "./cli/serve";
import { startCommand, START_HELP } from "./cli/start";
import { timelineCommand, TIMELINE_HELP } from "./cli/timeline";

const HELP = `durable: run and serve durable workflows locally, draw their timelines, replay recorded histories

${RUN_HELP}

${SERVE_HELP}

${START_HELP}

${CALLBACK_HELP}

${BUILD_HELP}

${TIMELINE_HELP}

${REPLAY_HELP}

${CHECK_HELP}

${HISTORY_HELP}`;

// The CLI runs on Node 20 and later; the AWS SDK's nine-line warning that its 2027 releases will need Node 22 is
// about the SDK's future, not this command, so it is off unless the user set the variable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function main(args: string[]): Promise<number> {
  const write = (line: string) => console.log(line);
  const [command, ...rest] = args;
  try {
    switch (command) {
      case "run":
        return await runCommand(rest, write);
      case "serve":
        return await serveCommand(rest, write, new Promise((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        }));
      case "start":
        return await startCommand(rest, write);
      case "callback":
        return await callbackCommand(rest, write);
      case "build":
        return await buildCommand(rest, write);
      case "replay":
        return await replayCommand(rest, write);
      case "check":
        return await checkCommand(rest, write);
      case "history":
        return await historyCommand(rest, write);
      case "timeline":
        return await timelineCommand(rest, write);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}" (run, serve, start, callback, build, timeline, replay, check, history; --help for more)`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`durable: ${(error as Error).message}`);
      return 2;
    }
    // A service's answer (client-lambda errors carry $metadata) is the message itself; a stack would only show the SDK.
    const answered = (error as { $metadata?: unknown }).$metadata !== undefined;
    console.error(`durable: ${answered ? `${(error as Error).name}: ${(error as Error).message}` : ((error as Error).stack ?? String(error))}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
