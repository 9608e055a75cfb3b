export { replay, type ReplayOptions, type ReplayReport, type Frontier } from "./replay";
export { assertReplays, ReplayMismatchError } from "./assert-replays";
export { formatReport } from "./format-report";
export { loadHistory, readHistory, type RecordedHistory } from "./history";
export { HistoryFormatError } from "./history-format-error";
export { historyDocument, saveHistory, type HistoryDocument } from "./save-history";
export { fetchHistory } from "./fetch-history";
