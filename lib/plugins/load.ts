import { createRequire } from "node:module";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin, PluginProvider } from "../../interpreter/plugins-api";

/**
 * Modules to load plugins from, comma-separated: what an instrumentation layer sets to add plugins without code changes.
 * @example
 * // in the function's configuration: DURABLE_EXECUTION_PLUGINS=durable-gen/opentelemetry,my-metrics-plugin
 * process.env[PLUGIN_ENVIRONMENT_VARIABLE]; // "durable-gen/opentelemetry,my-metrics-plugin"
 */
export const PLUGIN_ENVIRONMENT_VARIABLE = "DURABLE_EXECUTION_PLUGINS";
/**
 * What such a module exports (the official SDK's contract): `{ pluginApiVersion: 1, createPlugin() }`.
 * @example
 * const provider = (await import("my-plugin"))[PLUGIN_PROVIDER_EXPORT];
 */
export const PLUGIN_PROVIDER_EXPORT = "durableExecutionPluginProvider";

/**
 * A module named in DURABLE_EXECUTION_PLUGINS cannot be loaded or does not export a valid provider.
 * @example
 * await withEnvironmentPlugins([]).catch((error) => { if (error instanceof PluginLoadError) console.error(error.message); });
 */
export class PluginLoadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PluginLoadError";
  }
}

/**
 * How withEnvironmentPlugins imports a module (replaceable in tests).
 * @example
 * const fromFixtures: ModuleImporter = (specifier) => import(`./fixtures/${specifier}.js`);
 */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/**
 * `explicit`, then one plugin per module named in DURABLE_EXECUTION_PLUGINS, in that order. A module is imported
 * as the application would import it; a bare name not found that way is looked up from the working directory and
 * NODE_PATH (where a Lambda layer's /opt/nodejs/node_modules is), which ES modules do not search by themselves.
 * durableHandler calls it once per handler.
 * @example
 * const plugins = await withEnvironmentPlugins([timings]); // timings, then one plugin per module named in the variable
 */
export async function withEnvironmentPlugins(
  explicit: readonly Plugin[] | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  importModule: ModuleImporter = importFromApplication(env),
): Promise<readonly Plugin[]> {
  const specifiers = (env[PLUGIN_ENVIRONMENT_VARIABLE] ?? "").split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (specifiers.length === 0) return explicit ?? [];
  const plugins = [...(explicit ?? [])];
  for (const specifier of specifiers) {
    let loaded: unknown;
    try {
      loaded = await importModule(specifier);
    } catch (error) {
      throw new PluginLoadError(
        `${PLUGIN_ENVIRONMENT_VARIABLE} names "${specifier}", which cannot be imported (${firstLine(error)}); install it with the function or in a layer under nodejs/node_modules`,
        { cause: error },
      );
    }
    plugins.push(pluginOf(specifier, loaded));
  }
  return plugins;
}

function pluginOf(specifier: string, loaded: unknown): Plugin {
  const module = loaded as Record<string, unknown> | null;
  const provider = (module?.[PLUGIN_PROVIDER_EXPORT] ?? (module?.default as Record<string, unknown> | undefined)?.[PLUGIN_PROVIDER_EXPORT]) as Partial<PluginProvider> | undefined;
  const where = `${PLUGIN_ENVIRONMENT_VARIABLE} module "${specifier}"`;
  if (provider === undefined || provider === null || typeof provider !== "object") throw new PluginLoadError(`${where} does not export ${PLUGIN_PROVIDER_EXPORT}`);
  if (provider.pluginApiVersion !== 1) throw new PluginLoadError(`${where}: ${PLUGIN_PROVIDER_EXPORT}.pluginApiVersion is ${String(provider.pluginApiVersion)}; this library supports version 1`);
  if (typeof provider.createPlugin !== "function") throw new PluginLoadError(`${where}: ${PLUGIN_PROVIDER_EXPORT}.createPlugin is not a function`);
  let plugin: unknown;
  try {
    plugin = provider.createPlugin();
  } catch (error) {
    throw new PluginLoadError(`${where}: createPlugin() threw: ${firstLine(error)}`, { cause: error });
  }
  if (plugin === null || typeof plugin !== "object") throw new PluginLoadError(`${where}: createPlugin() returned ${plugin === null ? "null" : typeof plugin}, not a plugin object`);
  return plugin as Plugin;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!;
}

function importFromApplication(env: Readonly<Record<string, string | undefined>>): ModuleImporter {
  return async (specifier) => {
    if (specifier.startsWith(".") || isAbsolute(specifier)) return import(pathToFileURL(resolve(specifier)).href);
    try {
      return await import(specifier);
    } catch (error) {
      if ((error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
      const paths = [process.cwd(), ...(env.NODE_PATH ?? "").split(delimiter).filter((path) => path !== "")];
      const resolved = createRequire(join(process.cwd(), "package.json")).resolve(specifier, { paths });
      return import(pathToFileURL(resolved).href);
    }
  };
}
