/** A history file or object that cannot be read: the message names the file, the event or operation, and the field. */
export class HistoryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryFormatError";
  }
}
