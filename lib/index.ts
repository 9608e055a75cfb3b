export * from "../dsl/index";
export { durableHandler, type DurableHandler, type DurableHandlerOptions } from "./handler";
export { InvalidEventError, parseInvocationEvent } from "./event";
export { awsPort } from "./aws/port";
export {
  runWorkflow, HistorySnapshot, InvocationError, hashPath,
  type RunOutcome, type RunResult, type RunOptions, type DurablePort, type CheckpointResponse, type LogSink, type Timers,
  type CheckpointStats, type StepMock, type Operation, type OperationUpdate, type ErrorObject, type InvocationOutput, type DurableInvocationEvent,
  type ExecutionState, type OperationType, type OperationStatus, type OperationAction,
} from "../interpreter/index";
export {
  replay, assertReplays, ReplayMismatchError, formatReport, loadHistory, readHistory, HistoryFormatError, historyDocument, saveHistory, fetchHistory,
  type ReplayOptions, type ReplayReport, type Frontier, type RecordedHistory, type HistoryDocument,
} from "./replay/index";
export { checkRunningExecutions, checkSavedHistories, formatCheck, type CheckResult, type CheckedExecution, type CompletedContext } from "./replay/index";
export { runLocal, type RunLocalOptions, type LocalRunResult, type CallbackAnswer, type CallbackControl } from "./local/run-local";
export { LocalService, type LocalFunction, type LocalServiceOptions, type LambdaHandler } from "./local/service";
export { LocalHttpServer, type LocalHttpOptions } from "./local/http";
export { FaultPlan, FaultSpecError, parseFaultRates, FAULT_KINDS, type FaultKind, type FaultRates, type FaultOptions, type FaultInjector, type InjectedFault, type ServiceFault } from "./local/faults";
export { RealClock, SkippingClock, type Clock } from "./local/clock";
export { progressView } from "./local/progress";
export { buildTimeline, kindLabel, type Timeline, type TimelineRow, type InvocationBand, type Span, type RecordedEvent } from "./timeline/model";
export { htmlTimeline, type HtmlTimelineOptions } from "./timeline/html";
export { terminalTimeline } from "./timeline/terminal";
export { Journal, JournalCorruptError, type Change } from "./local/journal";
export { WebUi, type WebUiOptions } from "./ui/web-ui";
export { type HttpFront } from "./local/http";
