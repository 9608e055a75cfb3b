// The conformance requirements' handlers, by requirement id. Each is written with the public DSL only, in a file
// named after what it does; requirements whose handler must crash its process run it in a process of its own.
import type { ConformanceHandler } from "../run-requirement";
import { stepGreet } from "./step-greet";
import { stepNamed } from "./step-named";
import { stepSequential } from "./step-sequential";
import { stepComplexResult } from "./step-complex-result";
import { stepNullResult } from "./step-null-result";
import { stepCustomSerdes } from "./step-custom-serdes";
import { stepLogger } from "./step-logger";
import { stepThenWait } from "./step-then-wait";
import { stepReplayCached } from "./step-replay-cached";
import { stepReplayRethrows } from "./step-replay-rethrows";
import { stepRetryThenSuccess } from "./step-retry-then-success";
import { stepRetryExhausted } from "./step-retry-exhausted";
import { stepDefaultRetry } from "./step-default-retry";
import { stepCustomBackoff } from "./step-custom-backoff";
import { stepRetryTransientOnly } from "./step-retry-transient-only";
import { stepNoRetryForTransient } from "./step-no-retry-for-transient";
import { stepFailsPermanently } from "./step-fails-permanently";
import { stepErrorCaught } from "./step-error-caught";

const own = (file: string) => ({ process: { module: `tests/conformance/handlers/${file}` } });

export const handlers: Record<string, ConformanceHandler> = {
  "1-1": { workflow: stepGreet },
  "1-2": { workflow: stepNamed },
  "1-3": { workflow: stepSequential },
  "1-4": { workflow: stepComplexResult },
  "1-5": { workflow: stepNullResult },
  "1-6": { workflow: stepCustomSerdes },
  "1-7": { workflow: stepLogger },
  "1-8": { workflow: stepThenWait },
  "1-9": { workflow: stepReplayCached },
  "1-10": { workflow: stepReplayRethrows },
  "1-11": { workflow: stepRetryThenSuccess },
  "1-12": { workflow: stepRetryExhausted },
  "1-13": { workflow: stepDefaultRetry },
  "1-14": { workflow: stepCustomBackoff },
  "1-15": { workflow: stepRetryTransientOnly },
  "1-16": { workflow: stepNoRetryForTransient },
  "1-19": { workflow: stepFailsPermanently },
  "1-20": { workflow: stepErrorCaught },
  "1-17": own("step-crash-at-most-once.ts"),
  "1-18": own("step-crash-then-retry.ts"),
};
