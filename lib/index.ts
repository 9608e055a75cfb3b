// The package entry "durable-gen": what a workflow module and a Lambda handler import. Testing tools live in
// "durable-gen/testing"; descriptor classes, the snapshot, ids and the AWS port are internals and stay out of both.
export { workflow, type Workflow, type WorkflowBody } from "../dsl/workflow";
export type { Op, OpGenerator } from "../dsl/op";
export type { Logger, WorkflowContext, StepContext } from "../dsl/context";
export { step, type StepOptions, type StepSemantics, type StepFunction } from "../dsl/step";
export { wait, MAX_WAIT_SECONDS } from "../dsl/wait";
export { invoke, lambdaFunction, type InvokeOptions, type LambdaFunction } from "../dsl/invoke";
export { createCallback, type CallbackHandle, type CallbackOptions } from "../dsl/callback";
export { waitForCallback, type WaitForCallbackOptions, type CallbackSubmitter } from "../dsl/wait-for-callback";
export { waitForCondition, waitStrategy, type WaitStrategy, type WaitStrategyOptions, type WaitForConditionOptions, type ConditionCheck } from "../dsl/condition";
export { child, type ChildOptions } from "../dsl/child";
export { map, parallel, type BatchOptions, type MapOptions, type CompletionPolicy, type Nesting, type Branch, type BranchResult, type BranchResults, type BranchYield } from "../dsl/batch";
export { BatchResult, type BatchItem, type BatchItemStatus, type CompletionReason, type SucceededItem, type FailedItem, type StartedItem } from "../dsl/batch-result";
export { all, allSettled, race, any, AllFailedError, type ResultsOf, type Settled, type SettledOf } from "../dsl/combinators";
export { saga, CompensationFailedError, type SagaScope, type Compensation } from "../dsl/saga";
export { patched, deprecatePatch } from "../dsl/patch";
export { retry, retryPresets, type RetryStrategy, type RetryDecision, type RetryOptions } from "../dsl/retry";
export type { BackoffOptions, Jitter } from "../dsl/backoff";
export { toSeconds, type Duration } from "../dsl/duration";
export { defaultSerdes, type Serdes } from "../dsl/serdes";
export { MAX_NAME_LENGTH } from "../dsl/validation";
export {
  DurableOperationError, StepFailedError, CallbackFailedError, CallbackTimeoutError, InvokeFailedError,
  ChildFailedError, ConditionFailedError, StepInterruptedError, StepTimeoutError, DurableUsageError,
  NonDeterminismError, SerializationError, PayloadTooLargeError, type ErrorDetails, type Divergence, type OperationSignature,
} from "../dsl/errors";
export { durableHandler, type DurableHandler, type DurableHandlerOptions } from "./handler";
export { InvalidEventError } from "./event";
export type {
  Plugin, PluginProvider, PluginSetup, OperationInfo, AttemptInfo, AttemptEndInfo, InvocationBaseInfo, InvocationInfo, InvocationEndInfo,
  InvocationStatus, OperationChangeInfo,
} from "../interpreter/plugins-api";
export type { LoggerFactory } from "../interpreter/port";
export { PluginLoadError, PLUGIN_ENVIRONMENT_VARIABLE, PLUGIN_PROVIDER_EXPORT, withEnvironmentPlugins, type ModuleImporter } from "./plugins/load";
export type { ObservabilityOptions } from "./plugins/options";
export type { ExternalLogger } from "./logging/external-logger";
export type { LogLevel } from "./logging/levels";
export type { LogSink } from "../interpreter/port";
export type { DurableInvocationEvent, InvocationOutput, ErrorObject, Operation, OperationUpdate, OperationType, OperationStatus, OperationAction, ExecutionState } from "../interpreter/wire";
export type { JsonSafe, NotJsonSafe } from "../dsl/json-safe";
export type { OpMeta, NoMeta, Named, StepMeta, CallbackMeta, WaitMeta, NestedMeta, StepsOf, CallbacksOf, WaitsOf, ResultNamed } from "../dsl/op-meta";
