/** A value as an error message shows it: strings quoted, objects as (shortened) JSON, a few kinds by name. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  if (value === null || typeof value !== "object") return String(value);
  if (typeof (value as { then?: unknown }).then === "function") return "a Promise";
  const tag = Object.prototype.toString.call(value);
  if (tag === "[object Generator]") return "a generator object";
  try {
    const json = JSON.stringify(value) ?? tag;
    return json.length > 200 ? `${json.slice(0, 200)}... (${json.length} characters)` : json;
  } catch {
    return tag;
  }
}
