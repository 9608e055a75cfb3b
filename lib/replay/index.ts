export { replay, type ReplayOptions, type ReplayReport, type Frontier, type CompletedContext } from "./replay";
export { assertReplays, ReplayMismatchError } from "./assert-replays";
export { formatReport } from "./format-report";
export { loadHistory, readHistory, type RecordedHistory } from "./history";
export { HistoryFormatError } from "./history-format-error";
export { historyDocument, saveHistory, type HistoryDocument } from "./save-history";
export { fetchHistory } from "./fetch-history";
export { checkRunningExecutions, checkSavedHistories, type CheckResult, type CheckedExecution } from "./check";
export { formatCheck } from "./format-check";
