import { weekDays, type ReviewCardState, type ReviewDeck } from "@kns/core/model";
import { ApiError, NetworkError, type ApiClient } from "../../lib/api";
import { keyValue } from "../offline/kv";

/**
 * The learner's review deck (GET /me/review-deck), kept with their courses in the phone's store (`kns-offline`,
 * `<userId>/review-deck`), so the home card counts due cards and the deck plays with no network. A review
 * updates the stored deck at once (the card's new state, today in the week) and goes to the outbox; the server
 * hears of it later. Of two states of a card, the phone keeps the later review's, as the server does, so an
 * answer from the server that has not yet heard of a review made offline never undoes it.
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

/** The server's deck (it says which cards exist) with the phone's later states and days kept. */
export function mergeDecks(fresh: ReviewDeck, stored: ReviewDeck | undefined): ReviewDeck {
  if (!stored) return fresh;
  const kept = new Map(stored.cards.map((card) => [card.id, card.state]));
  const days = stored.week.start === fresh.week.start ? [...new Set([...fresh.week.days, ...stored.week.days])].sort() : fresh.week.days;
  return {
    cards: fresh.cards.map((card) => ({ ...card, state: laterState(card.state, kept.get(card.id) ?? null) })),
    week: { start: fresh.week.start, days },
  };
}

const read = (userId: string) => store.get<Saved>(deckKey(userId)).catch(() => undefined);

/**
 * The deck: `early` gets the stored copy at once unless the network has already answered; the answer is merged
 * into the stored copy (one read-modify-write, so a review made meanwhile is not lost) and returned. Offline,
 * the stored copy, or the network's error when there is none.
 */
export async function loadDeck(userId: string, api: ApiClient, early?: (stored: LoadedDeck) => void): Promise<LoadedDeck> {
  // The request goes out before the stored copy is read: opening IndexedDB can take a while on a slow phone.
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
    let merged = deck;
    await store
      .update<Saved>(deckKey(userId), (current) => {
        merged = mergeDecks(deck, current?.deck);
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
