import { describe, expect, it } from "vitest";
import { ANSWER_SECONDS_MAX, ANSWER_TIME_BUCKETS, answerTimeBucket, medianSeconds } from "./question-analytics";

const histogram = (times: number[]) => {
  const counts = new Map<number, number>();
  for (const seconds of times) counts.set(answerTimeBucket(seconds), (counts.get(answerTimeBucket(seconds)) ?? 0) + 1);
  return counts;
};

describe("answer time buckets", () => {
  it("puts each time in the bucket whose lower bound it reaches", () => {
    expect(answerTimeBucket(0)).toBe(0);
    expect(answerTimeBucket(4)).toBe(0);
    expect(answerTimeBucket(5)).toBe(5);
    expect(answerTimeBucket(29)).toBe(20);
    expect(answerTimeBucket(30)).toBe(30);
    expect(answerTimeBucket(299)).toBe(180);
    expect(answerTimeBucket(ANSWER_SECONDS_MAX)).toBe(300);
  });

  it("has increasing bounds from 0, all below the cap", () => {
    expect(ANSWER_TIME_BUCKETS[0]).toBe(0);
    for (let i = 1; i < ANSWER_TIME_BUCKETS.length; i++) expect(ANSWER_TIME_BUCKETS[i]!).toBeGreaterThan(ANSWER_TIME_BUCKETS[i - 1]!);
    expect(ANSWER_TIME_BUCKETS.at(-1)!).toBeLessThan(ANSWER_SECONDS_MAX);
  });
});

describe("median from the histogram", () => {
  it("is null when no time was counted", () => {
    expect(medianSeconds(new Map())).toBeNull();
    expect(medianSeconds(new Map([[10, 0]]))).toBeNull();
  });

  it("interpolates inside the bucket holding the middle answer", () => {
    // Four answers in 20–30 s: the middle is half-way through the bucket.
    expect(medianSeconds(histogram([21, 22, 27, 29]))).toBe(25);
    // 1 answer in 0–5, 1 in 10–15, 2 in 20–30: half (2) is reached at the end of 10–15.
    expect(medianSeconds(histogram([3, 12, 25, 26]))).toBe(15);
    // Three answers, the middle one the only one in 45–60: half-way through it.
    expect(medianSeconds(histogram([8, 50, 400]))).toBe(53);
  });

  it("stays within the bucket of the true median", () => {
    const times = [2, 7, 7, 9, 14, 18, 22, 26, 33, 41, 58, 75, 95, 130, 200, 650, 1800];
    const median = medianSeconds(histogram(times))!;
    const truth = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    expect(answerTimeBucket(median)).toBe(answerTimeBucket(truth));
  });

  it("runs the last bucket up to the cap", () => {
    expect(medianSeconds(new Map([[300, 2]]))).toBe(300 + (ANSWER_SECONDS_MAX - 300) / 2);
  });
});
