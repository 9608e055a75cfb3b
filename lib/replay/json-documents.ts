import { HistoryFormatError } from "./history-format-error";

/**
 * The JSON documents in `text`: one, or several written one after the other (pages of `aws lambda
 * get-durable-execution-history` appended to one file). Errors give the line and column.
 */
export function parseJsonDocuments(text: string, source: string): unknown[] {
  const documents: unknown[] = [];
  for (const [start, end] of documentBounds(text, source)) {
    const slice = text.slice(start, end);
    try {
      documents.push(JSON.parse(slice));
    } catch (error) {
      const offset = start + firstSyntaxError(slice);
      throw new HistoryFormatError(`${source}: not valid JSON at ${lineAndColumn(text, offset)}: ${(error as Error).message}`);
    }
  }
  if (documents.length === 0) throw new HistoryFormatError(`${source}: the file is empty; expected a JSON history`);
  return documents;
}

/** Splits on top-level values by bracket depth, outside strings. A value left open is a truncated file. */
function documentBounds(text: string, source: string): [number, number][] {
  const bounds: [number, number][] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    if (start < 0 && !/\s/.test(char)) start = i;
    if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth < 0) throw new HistoryFormatError(`${source}: not valid JSON at ${lineAndColumn(text, i)}: unexpected "${char}"`);
      if (depth === 0) {
        bounds.push([start, i + 1]);
        start = -1;
      }
    }
  }
  if (depth > 0 || inString) {
    throw new HistoryFormatError(`${source}: the JSON ends at ${lineAndColumn(text, text.length)} inside an unclosed ${inString ? "string" : "object or array"}; the file looks truncated`);
  }
  if (start >= 0) bounds.push([start, text.length]);
  return bounds;
}

/**
 * Where JSON.parse gave up: its messages carry no position on every Node version, so the text is scanned again
 * (only after a failure) by a validator that stops at the first character that cannot continue a JSON value. It
 * keeps its own stack of open objects and arrays, so a file nested 100,000 deep is scanned like any other.
 */
function firstSyntaxError(text: string): number {
  let i = 0;
  const open: ("{" | "[")[] = [];
  const fail = (): never => {
    throw new SyntaxAt(i);
  };
  const space = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) fail();
      i++;
    }
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const key = () => {
    space();
    string();
    space();
    if (text[i] !== ":") fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (match === null || match[0] === "") fail();
    i += match![0].length;
  };
  /** Reads the start of a value: a scalar whole, or the opening of a container (true: a value now follows inside it). */
  const valueStart = (): boolean => {
    space();
    const char = text[i];
    if (char === "{" || char === "[") {
      i++;
      space();
      if (text[i] === (char === "{" ? "}" : "]")) {
        i++;
        return false;
      }
      open.push(char);
      if (char === "{") key();
      return true;
    }
    if (char === '"') string();
    else if (char === "t") literal("true");
    else if (char === "f") literal("false");
    else if (char === "n") literal("null");
    else number();
    return false;
  };
  try {
    for (;;) {
      if (valueStart()) continue;
      // After a whole value: close containers, or go on to the next member.
      for (;;) {
        space();
        const top = open.at(-1);
        if (top === undefined) return i;
        if (text[i] === ",") {
          i++;
          if (top === "{") key();
          break;
        }
        if (text[i] !== (top === "{" ? "}" : "]")) fail();
        i++;
        open.pop();
      }
    }
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    throw error;
  }
}

class SyntaxAt {
  constructor(readonly offset: number) {}
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
