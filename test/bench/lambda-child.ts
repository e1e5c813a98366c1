// One cold start, as its own process (test/bench/lambda.ts bundles this file and spawns it once per sample):
// what the Lambda runtime does for a fresh environment, import the function's module, then hand it its first
// event. `node lambda-child.mjs <bundle>`; BENCH_AUTHORIZATION and BENCH_HEADERS carry what the request sends.
// Prints one line: `KNS_COLD_START ` (what lambda.ts looks for), then JSON with the status and the child's own split of the time.
import { pathToFileURL } from "node:url";
import { httpApiEvent, lambdaContext } from "../lambda-context";

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number }>;

const file = process.argv[2];
if (!file) throw new Error("usage: node lambda-child.mjs <bundle>");
const cpu = process.cpuUsage();
const started = performance.now();
const { handler } = (await import(pathToFileURL(file).href)) as { handler: Handler };
const imported = performance.now();
const headers = { authorization: process.env.BENCH_AUTHORIZATION ?? "", ...(JSON.parse(process.env.BENCH_HEADERS ?? "{}") as Record<string, string>) };
const result = await handler(httpApiEvent("GET", "/api/v1/me", undefined, { headers }), lambdaContext(process.env.AWS_REGION));
const answered = performance.now();
const used = process.cpuUsage(cpu);
process.stdout.write(
  `\nKNS_COLD_START ${JSON.stringify({
    status: result.statusCode ?? 0,
    // performance.now() counts from the process's start: what came before the import is Node starting up.
    startupMs: started,
    importMs: imported - started,
    requestMs: answered - imported,
    // CPU time of the import and the request: what other work on a shared machine stretches the wall time by.
    cpuMs: (used.user + used.system) / 1000,
  })}\n`,
);
process.exit(0);
