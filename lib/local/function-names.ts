/**
 * The ways Lambda lets a caller name a function: `name`, `name:qualifier`, the partial ARN
 * `123456789012:function:name[:qualifier]` and the full ARN `arn:aws:lambda:region:123456789012:function:name[:qualifier]`.
 * The qualifier is `$LATEST`, a version number or an alias.
 */
const FUNCTION_NAME = /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:function:)?([A-Za-z0-9_-]+)(?::(\$LATEST|[A-Za-z0-9_-]+))?$/;

export interface FunctionReference {
  /** The function's own name, the one it is registered under. */
  readonly name: string;
  readonly qualifier: string | undefined;
}

/** What `given` names; a string of no known form is taken whole as a name (and then not found, under that string). */
export function parseFunctionName(given: string): FunctionReference {
  const match = FUNCTION_NAME.exec(given);
  if (match === null) return { name: given, qualifier: undefined };
  return { name: match[1]!, qualifier: match[2] };
}

/** The function's own name in any of Lambda's forms of it. */
export function functionNameOf(given: string): string {
  return parseFunctionName(given).name;
}

/**
 * The version that runs for `given`: locally every version and alias runs the one registered handler, so a version
 * number is reported as itself and `$LATEST` or an alias as `$LATEST` (AWS reports the version an alias points to).
 */
export function executedVersionOf(given: string, qualifier?: string): string {
  const version = qualifier ?? parseFunctionName(given).qualifier;
  return version !== undefined && /^\d+$/.test(version) ? version : "$LATEST";
}
