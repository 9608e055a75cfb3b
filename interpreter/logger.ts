import type { Logger } from "../dsl/context";
import type { LogSink } from "./port";

type Level = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** A logger writing one JSON line per call, with `fields` (execution, operation, attempt) on every line. */
export function createLogger(sink: LogSink, fields: Readonly<Record<string, unknown>>, isSilent: () => boolean): Logger {
  const write = (level: Level, message: string, data: unknown): void => {
    if (isSilent()) return;
    const line: Record<string, unknown> = { timestamp: new Date().toISOString(), level, message, ...fields };
    if (data !== undefined) line.data = data;
    let text: string;
    try {
      text = JSON.stringify(line);
    } catch {
      text = JSON.stringify({ ...line, data: String(data) });
    }
    sink(text);
  };
  return Object.freeze({
    debug: (message: string, data?: unknown) => write("DEBUG", message, data),
    info: (message: string, data?: unknown) => write("INFO", message, data),
    warn: (message: string, data?: unknown) => write("WARN", message, data),
    error: (message: string, data?: unknown) => write("ERROR", message, data),
  });
}
