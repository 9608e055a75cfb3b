import type { Linter } from "eslint";
import { transformSync } from "amaro";

/**
 * Lints TypeScript with ESLint's own parser: amaro (Node's type stripper) blanks the types out, keeping every other
 * character where it was, so line and column of each message are the ones in the .ts file. typescript-eslint's
 * parser, what a TypeScript project would use, does not run with this repository's TypeScript 7.
 */
export const stripTypes: Linter.Processor = {
  meta: { name: "strip-types" },
  preprocess: (text) => [{ text: transformSync(text, { mode: "strip-only" }).code, filename: "stripped.js" }],
  postprocess: (messages) => messages.flat(),
  supportsAutofix: false,
};
