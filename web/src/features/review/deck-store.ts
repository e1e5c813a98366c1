import { weekDays, type ReviewCardState, type ReviewDeck } from "@kns/core/model";
import { ApiError, NetworkError, type ApiClient } from "../../lib/api";
import { keyValue } from "../offline/kv";
import { outbox } from "../offline/sync";

/**
 * The learner's review deck (GET /me/review-deck), kept with their courses in the phone's store (`kns-offline`,
 * `<userId>/review-deck`), so the home card counts due cards and the deck plays with no network. A review
 * updates the stored deck at once (the card's new state, today in the week) and goes to the outbox; the server
 * hears of it later. While the server has not yet heard of a review made offline, the phone keeps the later of
 * its own state and the server's, so an answer from the server never undoes the review; once the server has the
 * review (or refused it), the server's state is the card's. So a state a wrong clock dated in the future never
 * outlives its review in the outbox.
 */
const store = keyValue("kns-offline");
const deckKey = (userId: string) => `${userId}/review-deck`;

interface Saved {
  deck: ReviewDeck;
  savedAt: string;
}

export interface LoadedDeck {
  deck: ReviewDeck;
  /** The stored copy, because the network did not answer. */
  offline: boolean;
  savedAt?: string;
}

/** The later of two states (by review time); null is a card never reviewed. */
export function laterState(a: ReviewCardState | null, b: ReviewCardState | null): ReviewCardState | null {
  if (!a || !b) return a ?? b;
  return Date.parse(b.lastReview) > Date.parse(a.lastReview) ? b : a;
}

/** A review the server may not have yet: the card and the state's review time. */
export interface UnconfirmedReview {
  cardId: string;
  lastReview: string;
}

/**
 * The server's deck (it says which cards exist and, for the rest, their states) with the phone's days kept, and
 * the phone's state of a card kept only where it came from an unconfirmed review and is the later one.
 */
export function mergeDecks(fresh: ReviewDeck, stored: ReviewDeck | undefined, unconfirmed: readonly UnconfirmedReview[] = []): ReviewDeck {
  if (!stored) return fresh;
  const waiting = new Set(unconfirmed.map((review) => `${review.cardId} ${Date.parse(review.lastReview)}`));
  const kept = new Map(
    stored.cards.flatMap((card) => (card.state && waiting.has(`${card.id} ${Date.parse(card.state.lastReview)}`) ? [[card.id, card.state]] : [])),
  );
  const days = stored.week.start === fresh.week.start ? [...new Set([...fresh.week.days, ...stored.week.days])].sort() : fresh.week.days;
  return {
    cards: fresh.cards.map((card) => ({ ...card, state: laterState(card.state, kept.get(card.id) ?? null) })),
    week: { start: fresh.week.start, days },
  };
}

/**
 * The reviews in the outbox the server's answer may not hold: those still waiting, and those sent since the
 * deck was asked for (both times on the phone's own clock). A refused one is never among them.
 */
async function unconfirmedReviews(userId: string, askedAt: string): Promise<UnconfirmedReview[]> {
  const items = await outbox.list(userId).catch(() => []);
  return items.flatMap((item) =>
    item.kind === "review" && (item.state === "waiting" || (item.state === "sent" && (item.doneAt ?? "") >= askedAt))
      ? [{ cardId: item.review.cardId, lastReview: item.review.state.lastReview }]
      : [],
  );
}

const read = (userId: string) => store.get<Saved>(deckKey(userId)).catch(() => undefined);

/**
 * The deck: `early` gets the stored copy at once unless the network has already answered; the answer is merged
 * into the stored copy (one read-modify-write, so a review made meanwhile is not lost) and returned. Offline,
 * the stored copy, or the network's error when there is none.
 */
export async function loadDeck(userId: string, api: ApiClient, early?: (stored: LoadedDeck) => void): Promise<LoadedDeck> {
  // The request goes out before the stored copy is read: opening IndexedDB can take a while on a slow phone.
  const askedAt = new Date().toISOString();
  const fresh = api.request<ReviewDeck>("/me/review-deck");
  const stored = read(userId);
  if (early) {
    const answered = fresh.then(
      () => undefined,
      () => undefined,
    );
    void Promise.race([answered, stored]).then((saved) => saved && early({ deck: saved.deck, offline: false, savedAt: saved.savedAt }));
  }
  try {
    const answer = await fresh;
    const deck: ReviewDeck = {
      cards: Array.isArray(answer?.cards) ? answer.cards : [],
      week: answer?.week && Array.isArray(answer.week.days) ? answer.week : { start: "", days: [] },
    };
    const savedAt = new Date().toISOString();
    const unconfirmed = await unconfirmedReviews(userId, askedAt);
    let merged = deck;
    await store
      .update<Saved>(deckKey(userId), (current) => {
        merged = mergeDecks(deck, current?.deck, unconfirmed);
        return { deck: merged, savedAt };
      })
      .catch(() => undefined);
    return { deck: merged, offline: false, savedAt };
  } catch (error) {
    const unreachable = error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
    const saved = unreachable ? await stored : undefined;
    if (!saved) throw error;
    return { deck: saved.deck, offline: true, savedAt: saved.savedAt };
  }
}

/** The stored deck after a review: the card's new state (unless a later one is there) and `day` in its week. */
export async function saveReview(userId: string, cardId: string, state: ReviewCardState, day: string): Promise<ReviewDeck | undefined> {
  let updated: ReviewDeck | undefined;
  await store.update<Saved>(deckKey(userId), (current) => {
    if (!current) return current;
    const start = weekDays(day)[0]!;
    const days = current.deck.week.start === start ? [...new Set([...current.deck.week.days, day])].sort() : [day];
    updated = {
      cards: current.deck.cards.map((card) => (card.id === cardId ? { ...card, state: laterState(card.state, state) } : card)),
      week: { start, days },
    };
    return { ...current, deck: updated };
  });
  return updated;
}

/** The days of the week `today` is in on which the learner reviewed, as far as this phone knows. */
export function daysThisWeek(deck: ReviewDeck | undefined, today: string): string[] {
  const start = weekDays(today)[0];
  return deck && deck.week.start === start ? deck.week.days : [];
}
