// The conformance requirements' handlers, by requirement id. Each is written with the public DSL only, in a file
// named after what it does; requirements whose handler must crash its process run it in a process of its own.
import type { ConformanceHandler } from "../run-requirement";
import { pluginInvocationHandlers } from "./plugin-invocation-hooks";
import { pluginOperationHandlers } from "./plugin-operation-hooks";
import { pluginAttemptHandlers } from "./plugin-attempt-hooks";
import { pluginIsolationHandlers } from "./plugin-isolation";
import { pluginChangeHandlers } from "./plugin-change-hooks";
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
import { waitSeconds } from "./wait-seconds";
import { waitNamed } from "./wait-named";
import { waitSequential } from "./wait-sequential";
import { waitMinutes } from "./wait-minutes";
import { waitHours } from "./wait-hours";
import { childSingleStep } from "./child-single-step";
import { childNamed } from "./child-named";
import { childSequentialSteps } from "./child-sequential-steps";
import { childStepFails } from "./child-step-fails";
import { childFailureCaught } from "./child-failure-caught";
import { childNested } from "./child-nested";
import { childStepRetry } from "./child-step-retry";
import { childRetriesExhausted } from "./child-retries-exhausted";
import { childThenWait } from "./child-then-wait";
import { childStepAndWait } from "./child-step-and-wait";
import { childLargeResult } from "./child-large-result";
import { childWaitOnly } from "./child-wait-only";
import { childCustomSerdes } from "./child-custom-serdes";
import { childThrowsDirectly } from "./child-throws-directly";
import { childReturnsNull } from "./child-returns-null";
import { childLogsOnly } from "./child-logs-only";
import { childThenOuterOperations } from "./child-then-outer-operations";
import { callbackNamedByInput } from "./callback-named-by-input";
import { callbackApproval } from "./callback-approval";
import { callbackTimeout } from "./callback-timeout";
import { callbackHeartbeatTimeout } from "./callback-heartbeat-timeout";
import { callbackHeartbeatThenSuccess } from "./callback-heartbeat-then-success";
import { callbackFailureUncaught } from "./callback-failure-uncaught";
import { callbackStepThenFailure } from "./callback-step-then-failure";
import { callbackStepThenTimeout } from "./callback-step-then-timeout";
import { callbackResolvesDuringWait } from "./callback-resolves-during-wait";
import { callbackFailsDuringWait } from "./callback-fails-during-wait";
import { callbackTimesOutDuringWait } from "./callback-times-out-during-wait";
import { callbackThenWait } from "./callback-then-wait";
import { callbackFailureCaught } from "./callback-failure-caught";
import { callbackTimeoutCaught } from "./callback-timeout-caught";
import { callbackCustomDeserializer } from "./callback-custom-deserializer";
import { callbackNumberDeserializer } from "./callback-number-deserializer";
import { callbackTwoSequential } from "./callback-two-sequential";
import { callbackTwoConcurrent } from "./callback-two-concurrent";
import { callbackTwoReverseOrder } from "./callback-two-reverse-order";
import { wfcNamedByInput } from "./wfc-named-by-input";
import { wfcApproval } from "./wfc-approval";
import { wfcInlineSubmitter } from "./wfc-inline-submitter";
import { wfcFailureUncaught } from "./wfc-failure-uncaught";
import { wfcTimeoutUncaught } from "./wfc-timeout-uncaught";
import { wfcFailureCaught } from "./wfc-failure-caught";
import { wfcSubmitterFails } from "./wfc-submitter-fails";
import { wfcInChild } from "./wfc-in-child";
import { wfcTwoSequential } from "./wfc-two-sequential";
import { wfcAfterWaitAndStep } from "./wfc-after-wait-and-step";
import { wfcJsonResult } from "./wfc-json-result";
import { wfcHeartbeatTimeout } from "./wfc-heartbeat-timeout";
import { wfcHeartbeatThenSuccess } from "./wfc-heartbeat-then-success";
import { wfcTimeoutCaught } from "./wfc-timeout-caught";
import { wfcEmptyResult } from "./wfc-empty-result";
import { mapGreetEach } from "./map-greet-each";
import { mapDoubleItems } from "./map-double-items";
import { mapItemAndIndex } from "./map-item-and-index";
import { mapEmpty } from "./map-empty";
import { mapFailFast } from "./map-fail-fast";
import { mapThrowIfError } from "./map-throw-if-error";
import { mapMinSuccessful } from "./map-min-successful";
import { mapToleratedFailure } from "./map-tolerated-failure";
import { mapToleranceExceeded } from "./map-tolerance-exceeded";
import { mapToleratedPercentage } from "./map-tolerated-percentage";
import { mapConcurrent } from "./map-concurrent";
import { mapFlat } from "./map-flat";
import { mapItemNames } from "./map-item-names";
import { mapItemSerdes } from "./map-item-serdes";
import { mapSuspendInItem } from "./map-suspend-in-item";
import { mapLargeResult } from "./map-large-result";
import { mapThenWait } from "./map-then-wait";
import { mapFailureThenWait } from "./map-failure-then-wait";
import { mapOperationSerdes } from "./map-operation-serdes";
import { mapOperationSerdesReplay } from "./map-operation-serdes-replay";

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
  "2-1": { workflow: waitSeconds },
  "2-2": { workflow: waitNamed },
  "2-3": { workflow: waitSequential },
  "2-4": { workflow: waitMinutes },
  "2-5": { workflow: waitHours },
  "3-1": { workflow: childSingleStep },
  "3-2": { workflow: childNamed },
  "3-3": { workflow: childSequentialSteps },
  "3-4": { workflow: childStepFails },
  "3-5": { workflow: childFailureCaught },
  "3-6": { workflow: childNested },
  "3-7": { workflow: childStepRetry },
  "3-8": { workflow: childRetriesExhausted },
  "3-9": { workflow: childThenWait },
  "3-10": { workflow: childStepAndWait },
  "3-11": { workflow: childLargeResult, observe: () => ({ logReplay: true }) },
  "3-13": { workflow: childWaitOnly },
  "3-14": { workflow: childCustomSerdes },
  "3-15": { workflow: childThrowsDirectly },
  "3-16": { workflow: childReturnsNull },
  "3-17": { workflow: childLogsOnly },
  "3-18": { workflow: childThenOuterOperations },
  "4-1": { workflow: callbackNamedByInput },
  "4-2": { workflow: callbackApproval },
  "4-3": { workflow: callbackTimeout },
  "4-4": { workflow: callbackHeartbeatTimeout },
  "4-5": { workflow: callbackHeartbeatThenSuccess },
  "4-6": { workflow: callbackFailureUncaught },
  "4-7": { workflow: callbackStepThenFailure },
  "4-8": { workflow: callbackStepThenTimeout },
  "4-9": { workflow: callbackResolvesDuringWait },
  "4-10": { workflow: callbackFailsDuringWait },
  "4-11": { workflow: callbackTimesOutDuringWait },
  "4-12": { workflow: callbackThenWait },
  "4-13": { workflow: callbackFailureCaught },
  "4-14": { workflow: callbackTimeoutCaught },
  "4-15": { workflow: callbackCustomDeserializer },
  "4-16": { workflow: callbackNumberDeserializer },
  "4-17": { workflow: callbackTwoSequential },
  "4-18": { workflow: callbackTwoConcurrent },
  "4-19": { workflow: callbackTwoReverseOrder },
  "7-1": { workflow: wfcNamedByInput },
  "7-2": { workflow: wfcApproval },
  "7-3": { workflow: wfcInlineSubmitter },
  "7-4": { workflow: wfcFailureUncaught },
  "7-5": { workflow: wfcTimeoutUncaught },
  "7-6": { workflow: wfcFailureCaught },
  "7-7": { workflow: wfcSubmitterFails },
  "7-8": { workflow: wfcInChild },
  "7-9": { workflow: wfcTwoSequential },
  "7-10": { workflow: wfcAfterWaitAndStep },
  "7-11": { workflow: wfcJsonResult },
  "7-12": { workflow: wfcHeartbeatTimeout },
  "7-13": { workflow: wfcHeartbeatThenSuccess },
  "7-14": { workflow: wfcTimeoutCaught },
  "7-15": { workflow: wfcEmptyResult },
  "9-1": { workflow: mapGreetEach },
  "9-2": { workflow: mapDoubleItems },
  "9-3": { workflow: mapItemAndIndex },
  "9-4": { workflow: mapEmpty },
  "9-5": { workflow: mapFailFast },
  "9-6": { workflow: mapThrowIfError },
  "9-7": { workflow: mapMinSuccessful },
  "9-8": { workflow: mapToleratedFailure },
  "9-9": { workflow: mapToleranceExceeded },
  "9-10": { workflow: mapToleratedPercentage },
  "9-11": { workflow: mapConcurrent },
  "9-12": { workflow: mapFlat },
  "9-13": { workflow: mapItemNames },
  "9-14": { workflow: mapItemSerdes },
  "9-15": { workflow: mapSuspendInItem },
  "9-16": { workflow: mapLargeResult },
  "9-17": { workflow: mapThenWait },
  "9-18": { workflow: mapFailureThenWait },
  "9-19": { workflow: mapOperationSerdes },
  "9-20": { workflow: mapOperationSerdesReplay },
  "1-17": own("step-crash-at-most-once.ts"),
  "1-18": own("step-crash-then-retry.ts"),
  "3-12": own("child-crash-mid-step.ts"),
  ...pluginInvocationHandlers,
  ...pluginOperationHandlers,
  ...pluginAttemptHandlers,
  ...pluginIsolationHandlers,
  ...pluginChangeHandlers,
};
