/**
 * A history file or object that cannot be read: the message names the file, the event or operation, and the field.
 * @example
 * try { loadHistory("histories/order-1.json"); } catch (error) { if (error instanceof HistoryFormatError) console.error(error.message); }
 */
export class HistoryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryFormatError";
  }
}
