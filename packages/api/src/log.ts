/** The API writes through core's logger, so lines from core and from the API carry the same request id. */
export { log } from "@kns/core/log";

/** Where the Node.js runtime keeps the invocation's trace header when one process serves several at once. */
type LambdaGlobal = { awslambda?: { InvokeStore?: { getXRayTraceId?: () => string | undefined } } };

/**
 * The X-Ray trace id (`1-5759e988-bd862e3fe1be46a994272793`) of the invocation being served, read from the
 * runtime's `Root=…;Parent=…;Sampled=…` header (the `_X_AMZN_TRACE_ID` variable, set per invocation); undefined
 * outside Lambda. Logged with each line, it is what X-Ray's console searches by.
 */
export function lambdaTraceId(): string | undefined {
  const header = (globalThis as LambdaGlobal).awslambda?.InvokeStore?.getXRayTraceId?.() ?? process.env._X_AMZN_TRACE_ID;
  if (!header) return undefined;
  if (!header.includes("=")) return header;
  return /(?:^|;)\s*Root=([^;]+)/.exec(header)?.[1];
}
