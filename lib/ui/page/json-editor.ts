/// <reference lib="dom" />
import { h } from "./dom";

export interface JsonEditor {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  /** The text when it is JSON (or empty and `allowEmpty`); undefined otherwise. */
  value(): string | undefined;
}

/**
 * A textarea for JSON that says, as you type, whether it parses and where it does not; `onValid` is told so the
 * form's submit button can follow. Ctrl+Enter (Cmd+Enter) submits the form.
 */
export function jsonEditor(options: { id: string; label: string; initial?: string; rows?: number; allowEmpty: boolean; onValid: (valid: boolean) => void }): JsonEditor {
  const message = h("p", { class: "hint", id: `${options.id}-hint`, "aria-live": "polite" });
  const textarea = h("textarea", { id: options.id, class: "json", rows: options.rows ?? 5, spellcheck: "false", autocomplete: "off", "aria-describedby": `${options.id}-hint`, "data-key": options.id });
  textarea.value = options.initial ?? "";
  const check = (): string | undefined => {
    const text = textarea.value.trim();
    if (text === "") {
      message.textContent = options.allowEmpty ? "empty: sent with no payload" : "enter a JSON value";
      message.className = options.allowEmpty ? "hint" : "hint bad";
      return options.allowEmpty ? "" : undefined;
    }
    try {
      JSON.parse(text);
      message.textContent = "valid JSON";
      message.className = "hint ok";
      return text;
    } catch (error) {
      message.textContent = `not JSON: ${(error as Error).message}`;
      message.className = "hint bad";
      return undefined;
    }
  };
  const update = () => {
    const valid = check() !== undefined;
    textarea.setAttribute("aria-invalid", String(!valid));
    options.onValid(valid);
  };
  textarea.addEventListener("input", update);
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      textarea.form?.requestSubmit();
    }
  });
  queueMicrotask(update);
  const element = h("div", { class: "field" }, h("label", { for: options.id }, options.label), textarea, message);
  return { element, textarea, value: check };
}
