// The "durable-gen/opentelemetry" entry: the OpenTelemetry plugin. It imports @opentelemetry/api (an optional peer
// dependency), so it is an entry of its own: the package's main entry never loads it.
export { openTelemetryPlugin, executionSpanContext, durableExecutionPluginProvider, type OpenTelemetryPluginOptions } from "./plugins/opentelemetry";
