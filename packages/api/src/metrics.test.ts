import { METRICS, METRICS_NAMESPACE, type MetricName, metric, setMetricSink, withRequest } from "@kns/core/log";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emfRecord, emfSink, useEmfMetrics } from "./metrics";

/** The units CloudWatch accepts in EMF (a metric with any other is dropped). */
const EMF_UNITS = new Set(["Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Count", "Percent", "None", "Count/Second"]);

/**
 * The rules of the Embedded Metric Format specification that CloudWatch enforces when it extracts metrics from a
 * log line; returns what is wrong with `line`, nothing when it is valid.
 */
function emfProblems(line: string): string[] {
  const problems: string[] = [];
  const record = JSON.parse(line) as Record<string, unknown>;
  const aws = record._aws as { Timestamp?: unknown; CloudWatchMetrics?: unknown } | undefined;
  if (!aws || typeof aws !== "object") return ["no _aws object"];
  if (!Number.isInteger(aws.Timestamp)) problems.push("Timestamp is not an integer of milliseconds");
  if (!Array.isArray(aws.CloudWatchMetrics) || aws.CloudWatchMetrics.length === 0) return [...problems, "no CloudWatchMetrics"];
  for (const directive of aws.CloudWatchMetrics as { Namespace?: unknown; Dimensions?: unknown; Metrics?: unknown }[]) {
    if (typeof directive.Namespace !== "string" || !directive.Namespace) problems.push("a directive has no Namespace");
    if (!Array.isArray(directive.Dimensions)) problems.push("Dimensions is not an array of dimension sets");
    for (const set of (directive.Dimensions ?? []) as unknown[]) {
      if (!Array.isArray(set) || set.length > 30) problems.push(`dimension set ${JSON.stringify(set)} is not an array of at most 30 names`);
      for (const name of set as string[]) if (typeof record[name] !== "string") problems.push(`dimension ${name} has no string value at the top level`);
    }
    if (!Array.isArray(directive.Metrics) || directive.Metrics.length === 0 || directive.Metrics.length > 100)
      problems.push("Metrics is not 1–100 definitions");
    for (const definition of (directive.Metrics ?? []) as { Name?: unknown; Unit?: unknown }[]) {
      if (typeof definition.Name !== "string") problems.push("a metric has no Name");
      if (definition.Unit !== undefined && !EMF_UNITS.has(definition.Unit as string)) problems.push(`unit ${String(definition.Unit)} is not one EMF knows`);
      if (typeof record[definition.Name as string] !== "number") problems.push(`metric ${String(definition.Name)} has no number at the top level`);
    }
  }
  return problems;
}

function capture(stage = "prod") {
  const lines: string[] = [];
  const restore = setMetricSink(emfSink((line) => lines.push(line), stage));
  return { lines, restore };
}

let restoreSink: (() => void) | undefined;
afterEach(() => {
  restoreSink?.();
  restoreSink = undefined;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("EMF lines", () => {
  it.each(Object.keys(METRICS) as MetricName[])("%s: one valid line, in the namespace, with its unit, value and the stage", (name) => {
    const { lines, restore } = capture();
    restoreSink = restore;
    metric({ [name]: 7 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    expect(emfProblems(lines[0]!)).toEqual([]);
    const record = JSON.parse(lines[0]!);
    expect(record[name]).toBe(7);
    expect(record.stage).toBe("prod");
    expect(record._aws.CloudWatchMetrics).toEqual([{ Namespace: METRICS_NAMESPACE, Dimensions: [["stage"]], Metrics: [{ Name: name, Unit: METRICS[name] }] }]);
  });

  it("puts the metrics of one event in one line and one directive, stamped with the event's time", () => {
    const at = Date.UTC(2026, 11, 1, 3, 0, 0);
    const record = emfRecord({ values: { ExportCompleted: 1, ExportDurationMs: 5210 }, properties: {}, at }, "dev");
    expect(record).toMatchObject({ stage: "dev", ExportCompleted: 1, ExportDurationMs: 5210 });
    expect(record._aws).toEqual({
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: "KyNangSo",
          Dimensions: [["stage"]],
          Metrics: [
            { Name: "ExportCompleted", Unit: "Count" },
            { Name: "ExportDurationMs", Unit: "Milliseconds" },
          ],
        },
      ],
    });
  });

  it("writes a notification's channel as a property of the line, not a dimension (no metric per channel)", () => {
    const { lines, restore } = capture();
    restoreSink = restore;
    metric({ NotificationFailed: 1 }, { channel: "zalo" });
    expect(emfProblems(lines[0]!)).toEqual([]);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({ stage: "prod", channel: "zalo", NotificationFailed: 1 });
    expect(record._aws.CloudWatchMetrics[0].Dimensions).toEqual([["stage"]]);
  });

  it("lets no property stand in for the stage or a value", () => {
    const record = emfRecord({ values: { SignIn: 1 }, properties: { stage: "forged", SignIn: 99 } as never, at: 1 }, "prod");
    expect(record).toMatchObject({ stage: "prod", SignIn: 1 });
  });

  it("carries the request's ids, which are not dimensions, so the line is found beside the request's logs", () => {
    const { lines, restore } = capture();
    restoreSink = restore;
    withRequest({ requestId: "JvTnZhJvSQ0EJ5w=", awsRequestId: "8f5c1d1e-0000-4000-8000-000000000001", traceId: "1-67a1b2c3-0123456789abcdef01234567" }, () =>
      metric({ SignIn: 1 }),
    );
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({
      requestId: "JvTnZhJvSQ0EJ5w=",
      awsRequestId: "8f5c1d1e-0000-4000-8000-000000000001",
      traceId: "1-67a1b2c3-0123456789abcdef01234567",
    });
    expect(record._aws.CloudWatchMetrics[0].Dimensions).toEqual([["stage"]]);
  });

  it("never fails the work it counts: a sink that throws is reported, not passed on", () => {
    restoreSink = setMetricSink(() => {
      throw new Error("stdout is gone");
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => metric({ SignIn: 1 })).not.toThrow();
    expect(JSON.parse(String(errors.mock.calls[0]![0]))).toMatchObject({ event: "metric.failed", metrics: ["SignIn"], error: "Error: stdout is gone" });
  });

  it("writes nothing for an event without a number", () => {
    const { lines, restore } = capture();
    restoreSink = restore;
    metric({});
    metric({ SignIn: Number.NaN });
    expect(lines).toEqual([]);
  });
});

describe("in Lambda", () => {
  it("writes each event to stdout as one line, straight, not through console (whose Lambda prefix would hide the JSON)", () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "kns-prod-Api");
    vi.stubEnv("STAGE", "prod");
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const logged = vi.spyOn(console, "log");
    restoreSink = setMetricSink(undefined);
    useEmfMetrics();
    metric({ RateLimited: 1 });
    expect(written).toHaveLength(1);
    expect(written[0]!.endsWith("\n")).toBe(true);
    expect(emfProblems(written[0]!.trimEnd())).toEqual([]);
    expect(JSON.parse(written[0]!)).toMatchObject({ stage: "prod", RateLimited: 1 });
    expect(logged).not.toHaveBeenCalled();
  });

  it("writes nothing anywhere else (the local server, tests and scripts that import an entry)", () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "");
    const write = vi.spyOn(process.stdout, "write");
    restoreSink = setMetricSink(undefined);
    useEmfMetrics();
    metric({ RateLimited: 1 });
    expect(write).not.toHaveBeenCalled();
  });
});
