export { Op, isOp, type OpKind, type OpGenerator } from "./op";
export { workflow, isWorkflow, type Workflow, type WorkflowBody } from "./workflow";
export type { Logger, WorkflowContext, StepContext } from "./context";
export { step, StepOp, type StepOptions, type StepSemantics, type StepFunction } from "./step";
export { wait, WaitOp, MAX_WAIT_SECONDS } from "./wait";
export { invoke, lambdaFunction, InvokeOp, type InvokeOptions, type LambdaFunction } from "./invoke";
export { createCallback, CreateCallbackOp, CallbackResultOp, type CallbackHandle, type CallbackOptions } from "./callback";
export { waitForCallback, WaitForCallbackOp, type WaitForCallbackOptions, type CallbackSubmitter } from "./wait-for-callback";
export {
  waitForCondition, waitStrategy, WaitForConditionOp,
  type WaitStrategy, type WaitStrategyOptions, type WaitForConditionOptions, type ConditionCheck,
} from "./condition";
export { child, ChildOp, type ChildOptions } from "./child";
export { retry, retryPresets, type RetryStrategy, type RetryDecision, type RetryOptions } from "./retry";
export type { BackoffOptions, Jitter } from "./backoff";
export { toSeconds, type Duration } from "./duration";
export { defaultSerdes, type Serdes } from "./serdes";
export { MAX_NAME_LENGTH } from "./validation";
export {
  DurableOperationError, StepFailedError, CallbackFailedError, CallbackTimeoutError, InvokeFailedError,
  ChildFailedError, ConditionFailedError, StepInterruptedError, StepTimeoutError, DurableUsageError,
  NonDeterminismError, SerializationError, PayloadTooLargeError, type ErrorDetails, type Divergence, type OperationSignature,
} from "./errors";
export {
  map, parallel, BatchOp,
  type BatchOptions, type MapOptions, type CompletionPolicy, type Nesting, type Branch, type BatchItemSpec, type BatchSettings,
} from "./batch";
export {
  BatchResult, batchResultSerdes,
  type BatchItem, type BatchItemStatus, type CompletionReason, type SucceededItem, type FailedItem, type StartedItem,
} from "./batch-result";
export { all, allSettled, race, any, AllFailedError, CombinatorOp, type ResultsOf, type Settled, type SettledOf, type CombinatorKind } from "./combinators";
export { patched, deprecatePatch, PatchOp, PATCH_SUBTYPE } from "./patch";
export { saga, CompensationFailedError, type SagaScope, type Compensation } from "./saga";
