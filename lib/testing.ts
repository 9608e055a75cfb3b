// The package entry "durable-gen/testing": running workflows on one machine (runLocal, the local durable
// service and its HTTP face, clocks, faults), replay tests against recorded histories, and timelines.
export { runLocal, type RunLocalOptions, type LocalRunResult, type CallbackAnswer, type CallbackControl, type StepMocks, type CallbackAnswers, type WaitEnds } from "./local/run-local";
export type { StepMock } from "../interpreter/run";
export {
  replay, assertReplays, ReplayMismatchError, formatReport, loadHistory, readHistory, HistoryFormatError, historyDocument, saveHistory, fetchHistory,
  type ReplayOptions, type ReplayReport, type Frontier, type RecordedHistory, type HistoryDocument,
} from "./replay/index";
export { checkRunningExecutions, checkSavedHistories, formatCheck, type CheckResult, type CheckedExecution, type CompletedContext } from "./replay/index";
export { LocalService, type LocalFunction, type LocalServiceOptions, type LambdaHandler } from "./local/service";
export { LocalHttpServer, type LocalHttpOptions, type HttpFront } from "./local/http";
export { WebUi, type WebUiOptions } from "./ui/web-ui";
export { FaultPlan, FaultSpecError, parseFaultRates, FAULT_KINDS, type FaultKind, type FaultRates, type FaultOptions, type FaultInjector, type InjectedFault, type ServiceFault } from "./local/faults";
export { RealClock, SkippingClock, type Clock } from "./local/clock";
export { progressView } from "./local/progress";
export { buildTimeline, type Timeline, type TimelineRow, type InvocationBand, type Span, type RecordedEvent } from "./timeline/model";
export { htmlTimeline, type HtmlTimelineOptions } from "./timeline/html";
export { terminalTimeline } from "./timeline/terminal";
