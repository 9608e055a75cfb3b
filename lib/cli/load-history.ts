import { loadHistory, type RecordedHistory } from "../replay/history";
import { HistoryFormatError } from "../replay/history-format-error";
import { UsageError } from "./load-module";

/** A history file named on the command line; a file that is not a history is bad usage (exit 2), with the reason. */
export function loadHistoryArgument(path: string): RecordedHistory {
  try {
    return loadHistory(path);
  } catch (error) {
    if (error instanceof HistoryFormatError) throw new UsageError(error.message);
    throw error;
  }
}
