import type { CapacityResult } from "./capacity";
import { round } from "./stats";

/**
 * AWS list prices for ap-southeast-1 (Singapore), the region the stack deploys to, written down on 2026-11-26
 * from the public price pages as last seen (this machine is offline, so they were not re-checked that day;
 * confirm them in the AWS Pricing Calculator before relying on the total). DynamoDB on-demand includes the
 * 50% cut of 2024-11-01. Free tiers are ignored except CloudFront's always-free 1 TB and 10 M requests a month,
 * which a learner app of this size stays inside.
 */
export const PRICES = {
  date: "2026-11-26",
  region: "ap-southeast-1",
  /** DynamoDB on-demand, per million read / write request units (Standard table class). */
  dynamoReadPerMillion: 0.1423,
  dynamoWritePerMillion: 0.7116,
  /** Lambda, per million requests and per GB-second on arm64 (first 6 billion GB-s tier). */
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  /** API Gateway HTTP API, per million requests (first 300 million). */
  httpApiPerMillion: 1.2,
  /** CloudWatch Logs ingestion, per GB (Lambda logs and the API's access log). */
  logsIngestPerGb: 0.7,
  /** Secrets Manager API calls, per 10,000 (one per cold start, packages/api/src/lambda.ts). */
  secretsPer10k: 0.05,
  /** CloudFront: inside the always-free tier (1 TB out, 10 M requests a month). */
  cloudfront: 0,
} as const;

/** How the figure is built; each is a stated assumption, not a measurement. */
export const MODEL = {
  /** An active learner completes one course a month: the journey capacity.ts measures. */
  journeysPerMau: 1,
  /** The API function's memory (infra/api.ts). */
  lambdaMemoryGb: 1,
  /** One cold start per learning session, a session per module (pessimistic: warm containers serve most). */
  coldStartsPerJourney: 4,
  /** Log bytes per API request: the app's request line, Lambda's START/END/REPORT lines, the access log line. */
  logBytesPerRequest: 190 + 330 + 430,
} as const;

export interface CostResult {
  costPer10kMauUsd: number;
  breakdown: Record<string, number>;
}

/**
 * Monthly AWS cost for 10,000 monthly active learners, from the measured journey: consumed read and write
 * units, API requests, and the handlers' measured time (against DynamoDB Local, so if anything longer than in
 * AWS) plus cold starts at the measured bundle import time.
 */
export function cost(capacity: CapacityResult, lambdaInitMs: number, mau = 10_000): CostResult {
  const journeys = mau * MODEL.journeysPerMau;
  const requests = journeys * capacity.requestsPerJourney;
  const coldStarts = journeys * MODEL.coldStartsPerJourney;
  const gbSeconds = ((journeys * capacity.billedMsPerJourney + coldStarts * Math.ceil(lambdaInitMs)) / 1000) * MODEL.lambdaMemoryGb;
  const breakdown = {
    dynamoReads: ((journeys * capacity.rcuPerJourney) / 1e6) * PRICES.dynamoReadPerMillion,
    dynamoWrites: ((journeys * capacity.wcuPerJourney) / 1e6) * PRICES.dynamoWritePerMillion,
    httpApi: (requests / 1e6) * PRICES.httpApiPerMillion,
    lambdaRequests: (requests / 1e6) * PRICES.lambdaRequestsPerMillion,
    lambdaDuration: gbSeconds * PRICES.lambdaArmPerGbSecond,
    logs: ((requests * MODEL.logBytesPerRequest) / 1024 ** 3) * PRICES.logsIngestPerGb,
    secrets: (coldStarts / 10_000) * PRICES.secretsPer10k,
    cloudfront: PRICES.cloudfront,
  };
  const total = Object.values(breakdown).reduce((sum, v) => sum + v, 0);
  return { costPer10kMauUsd: round(total, 2), breakdown: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, round(v, 3)])) };
}
