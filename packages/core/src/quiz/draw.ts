import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import type { LearnerDraw } from "../model/learner";
import { secretKey } from "../secrets";

/**
 * Question pools are drawn on the server. A quiz that asks `drawCount` of a larger pool comes with a few sets
 * drawn for this learner, each signed (HMAC, a key derived from LINK_SECRET): the downloaded quiz carries the
 * pool and its draws, so it plays offline, and the server grades an attempt against the set it was given. A
 * learner cannot pick the questions they happen to know, nor forge a set; reusing one of their own sets only
 * asks the same questions again, which repeated attempts allow anyway.
 */
export const DRAWS_PER_QUIZ = 6;

interface DrawFacts {
  /** learner, quiz, version, question ids, nonce */
  u: string;
  q: string;
  v: number;
  ids: string[];
  n: string;
}

const sign = (payload: string) => createHmac("sha256", secretKey("quiz-draw")).update(payload).digest("base64url");

function pick(pool: readonly string[], count: number): string[] {
  const copy = [...pool];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  const chosen = new Set(copy.slice(0, count));
  // Pool order: the app shuffles for display when the quiz says so.
  return pool.filter((id) => chosen.has(id));
}

/** Whether a quiz asks fewer questions than it has, so that attempts need a draw. */
export function drawsFromPool(quiz: { drawCount: number | null; questions: readonly unknown[] }): quiz is { drawCount: number; questions: readonly unknown[] } {
  return quiz.drawCount !== null && quiz.drawCount < quiz.questions.length;
}

export function makeDraws(userId: string, quizId: string, version: number, pool: readonly string[], count: number, howMany = DRAWS_PER_QUIZ): LearnerDraw[] {
  return Array.from({ length: howMany }, () => {
    const ids = pick(pool, count);
    const payload = Buffer.from(JSON.stringify({ u: userId, q: quizId, v: version, ids, n: randomInt(2 ** 47).toString(36) } satisfies DrawFacts)).toString(
      "base64url",
    );
    return { token: `${payload}.${sign(payload)}`, questionIds: ids };
  });
}

/** The question ids a draw token names, if the server signed it for this learner, quiz and version. */
export function readDraw(token: string, expected: { userId: string; quizId: string; version: number }): string[] | undefined {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return undefined;
  const wanted = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (wanted.length !== given.length || !timingSafeEqual(wanted, given)) return undefined;
  try {
    const facts = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as DrawFacts;
    if (facts.u !== expected.userId || facts.q !== expected.quizId || facts.v !== expected.version || !Array.isArray(facts.ids)) return undefined;
    return facts.ids.map(String);
  } catch {
    return undefined;
  }
}
