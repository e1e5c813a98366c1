import { vietnamDay, type ReviewCard, type ReviewDeck, weekDays } from "@kns/core/model";
import { fireEvent, screen, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { createApiClient, type User } from "../../lib/api";
import { fakeFetch, reply, renderApp, type FakeReply } from "../../testing/render-app";
import { keyValue } from "../offline/kv";
import type { ReviewItem } from "../offline/outbox";
import { outbox } from "../offline/sync";

const person = (id: string): User => ({
  id,
  phone: "0912000001",
  fullName: "Lò Thị Hương",
  roles: ["member"],
  unitId: "u_1",
  active: true,
  createdAt: "2026-11-01T00:00:00.000Z",
});

function signIn(user: User) {
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: `access-${user.id}`, refreshToken: `refresh-${user.id}`, user }));
}

const day = 86_400_000;
const iso = (offset: number) => new Date(Date.now() + offset).toISOString();

function card(id: string, overrides: Partial<ReviewCard> = {}): ReviewCard {
  return {
    id: `cyber-safety.m1.${id}`,
    courseId: "cyber-safety",
    courseTitle: "An toàn trên không gian mạng",
    quizId: "cyber-safety.m1",
    questionId: id,
    question: {
      id,
      kind: "single",
      select: "one",
      prompt: `Câu ${id}: có nên đọc mã OTP cho người gọi tự xưng công an không?`,
      options: [
        { id: "a", text: "Có, nếu họ nói đúng tên mình" },
        { id: "b", text: "Không bao giờ" },
      ],
    },
    correctOptionIds: ["b"],
    explanation: "Công an không bao giờ hỏi mã OTP.",
    state: null,
    addedAt: "2026-11-02T08:00:00.000Z",
    ...overrides,
  };
}

const reviewedState = (dueOffset: number) => ({
  due: iso(dueOffset),
  stability: 2.3,
  difficulty: 5,
  scheduledDays: 3,
  learningSteps: 0,
  reps: 1,
  lapses: 0,
  phase: 2 as const,
  lastReview: iso(dueOffset - 3 * day),
});

const today = () => vietnamDay(new Date());
const thisWeek = (days: string[] = []) => ({ start: weekDays(today())[0]!, days });

/** A server that answers the deck, the person and the catalogue; reviews fail as with no network unless `reviews` says otherwise. */
function server(deck: ReviewDeck | (() => Promise<Response>), reviews?: () => Promise<Response>) {
  return vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const path = new URL(String(input), "http://phone").pathname;
    const json = (answer: FakeReply) => reply(answer);
    if (path === "/api/v1/me/review-deck") return typeof deck === "function" ? deck() : json({ status: 200, body: deck });
    if (path === "/api/v1/me/reviews") {
      if (reviews) return reviews();
      throw new TypeError("Failed to fetch");
    }
    if (path === "/api/v1/me") return json({ status: 200, body: person("unused") });
    if (path === "/api/v1/me/progress") return json({ status: 200, body: { courses: [] } });
    return json({ status: 200, body: { items: [] } });
  });
}

describe("the review deck", () => {
  it("asks each due card once, shows the right answer and explanation, queues each review and ends with the week", async () => {
    const user = person("rv_deck");
    signIn(user);
    const overdue = card("q1", {
      state: reviewedState(-2 * day),
      question: {
        id: "q1",
        kind: "multiple",
        select: "many",
        prompt: "Những dấu hiệu nào cho thấy tin nhắn là lừa đảo?",
        options: [
          { id: "link", text: "Đường link lạ" },
          { id: "hurry", text: "Giục chuyển tiền gấp" },
          { id: "name", text: "Gọi đúng tên bạn" },
        ],
      },
      correctOptionIds: ["link", "hurry"],
      explanation: "Link lạ và sự vội vàng là hai dấu hiệu quen thuộc.",
    });
    const fresh = card("q2");
    const later = card("q3", { state: reviewedState(5 * day) });
    renderApp("/review", server({ cards: [fresh, later, overdue], week: thisWeek() }));

    // The card waiting longest first; the one not yet due is not asked.
    expect(await screen.findByText("Câu 1/2", {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole("heading", { level: 1, name: "2 phút ôn tập" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Những dấu hiệu nào cho thấy tin nhắn là lừa đảo?" })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Kiểm tra" }));
    expect(screen.getByRole("status").textContent).toBe("Hãy chọn câu trả lời trước, hoặc bấm “Tôi không nhớ”.");
    fireEvent.click(screen.getByLabelText("Đường link lạ"));
    fireEvent.click(screen.getByRole("button", { name: "Kiểm tra" }));
    expect(screen.getByText("Trả lời chưa đúng")).toBeTruthy();
    expect(screen.getByText("Giải thích: Link lạ và sự vội vàng là hai dấu hiệu quen thuộc.")).toBeTruthy();
    expect(screen.getByText(/câu này sẽ quay lại vào ngày mai/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Dễ, tôi nhớ rõ" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Tiếp tục" }));

    expect(await screen.findByText("Câu 2/2")).toBeTruthy();
    fireEvent.click(screen.getByLabelText("Không bao giờ"));
    fireEvent.click(screen.getByRole("button", { name: "Kiểm tra" }));
    expect(screen.getByText("Trả lời đúng")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Dễ, tôi nhớ rõ" }));

    expect(await screen.findByRole("heading", { name: "Xong! Hẹn bạn lần sau" })).toBeTruthy();
    expect(screen.getByText("Bạn vừa ôn 2 câu, đúng 1 câu.")).toBeTruthy();
    expect(await screen.findByText("2 kết quả ôn tập đang chờ gửi. Máy sẽ tự gửi khi có mạng.")).toBeTruthy();
    expect(screen.getByText("Bạn đã ôn 1 ngày trong tuần này.")).toBeTruthy();
    const week = screen.getByRole("list", { name: "" }).closest("section")!;
    expect(within(week).getAllByRole("listitem")).toHaveLength(7);
    expect(within(week).getByText(/\(hôm nay\): đã ôn$/)).toBeTruthy();

    // Each review is in the outbox with the rating and the state FSRS computed; the stored deck has them already.
    const items = (await outbox.list(user.id)).filter((item): item is ReviewItem => item.kind === "review");
    expect(items.map((item) => [item.review.cardId, item.review.rating, item.state])).toEqual([
      ["cyber-safety.m1.q1", 1, "waiting"],
      ["cyber-safety.m1.q2", 4, "waiting"],
    ]);
    const [wrong, easy] = items.map((item) => item.review);
    expect(wrong!.state).toMatchObject({ reps: 2, lapses: 1, lastReview: wrong!.at });
    expect(Date.parse(wrong!.state.due) - Date.parse(wrong!.at)).toBe(day);
    expect(easy!.state.scheduledDays).toBeGreaterThan(3);
    const stored = await keyValue("kns-offline").get<{ deck: ReviewDeck }>(`${user.id}/review-deck`);
    expect(stored!.deck.cards.find((c) => c.id === fresh.id)!.state).toEqual(easy!.state);
    expect(stored!.deck.cards.find((c) => c.id === overdue.id)!.state).toEqual(wrong!.state);
    expect(stored!.deck.week.days).toEqual([today()]);
  });

  it("plays from the phone's copy with no network, and a fresher deck from the server never undoes a review made offline", async () => {
    const user = person("rv_offline");
    signIn(user);
    const due = card("q4");
    await keyValue("kns-offline").set(`${user.id}/review-deck`, { deck: { cards: [due], week: thisWeek() }, savedAt: iso(-day) });
    const offline = () => Promise.reject(new TypeError("Failed to fetch"));
    const first = renderApp("/review", server(offline));
    expect(await screen.findByText("Câu 1/1", {}, { timeout: 5000 })).toBeTruthy();
    expect(await screen.findByText(/^Không có mạng: đang xem bản lưu trên điện thoại lúc/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Tôi không nhớ, xem đáp án" }));
    expect(screen.getByText("Trả lời chưa đúng")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Tiếp tục" }));
    expect(await screen.findByRole("heading", { name: "Xong! Hẹn bạn lần sau" })).toBeTruthy();
    first.unmount();

    // Back online, the server has not heard of that review yet: its older state does not replace the phone's.
    const reviewed = (await keyValue("kns-offline").get<{ deck: ReviewDeck }>(`${user.id}/review-deck`))!.deck.cards[0]!.state!;
    renderApp("/review", server({ cards: [due], week: thisWeek() }));
    expect(await screen.findByText("Bây giờ không có câu nào cần ôn. Hẹn bạn lần sau!", {}, { timeout: 5000 })).toBeTruthy();
    const stored = (await keyValue("kns-offline").get<{ deck: ReviewDeck }>(`${user.id}/review-deck`))!.deck;
    expect(stored.cards[0]!.state).toEqual(reviewed);
    expect(stored.week.days).toEqual([today()]);
  });

  it("moves focus to the verdict after checking, so it does not fall to the page when the buttons change", async () => {
    signIn(person("rv_focus"));
    renderApp("/review", server({ cards: [card("q1"), card("q2")], week: thisWeek() }));
    expect(await screen.findByText("Câu 1/2", {}, { timeout: 5000 })).toBeTruthy();
    fireEvent.click(screen.getByLabelText("Không bao giờ"));
    const check = screen.getByRole("button", { name: "Kiểm tra" });
    check.focus();
    fireEvent.click(check);
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByText("Trả lời đúng")));

    const next = screen.getByRole("button", { name: "Tiếp tục" });
    next.focus();
    fireEvent.click(next);
    expect(await screen.findByText("Câu 2/2")).toBeTruthy();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByText("Câu 2/2")));
    const dontKnow = screen.getByRole("button", { name: "Tôi không nhớ, xem đáp án" });
    dontKnow.focus();
    fireEvent.click(dontKnow);
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByText("Trả lời chưa đúng")));
    expect(document.activeElement?.getAttribute("tabindex")).toBe("-1");
  });

  it("gives up a card's state the server refused (a clock a day ahead): the server's state comes back with the next deck", async () => {
    const user = person("rv_refused");
    signIn(user);
    // Reviewed on a phone whose clock was a day ahead: by date, its state beats any the server has.
    const ahead = reviewedState(4 * day);
    const refused = card("q5", { state: ahead });
    await keyValue("kns-offline").set(`${user.id}/review-deck`, { deck: { cards: [refused], week: thisWeek() }, savedAt: iso(-day) });
    const review = { id: "55555555-5555-4555-8555-555555555555", cardId: refused.id, rating: 3 as const, at: ahead.lastReview, state: ahead };
    await outbox.recordReview({ userId: user.id, courseId: "cyber-safety", courseTitle: refused.courseTitle, title: refused.question.prompt, review });
    const tokens = { accessToken: `access-${user.id}`, refreshToken: `refresh-${user.id}` };
    const refusing = fakeFetch({
      status: 200,
      body: { accepted: [], rejected: [{ id: review.id, code: "review.future_date", message: "A review cannot be dated in the future." }] },
    });
    const api = createApiClient({ fetch: refusing, tokens: { current: () => tokens, save: () => undefined, clear: () => undefined } });
    expect(await outbox.flush(user.id, api)).toMatchObject({ rejected: 1 });

    // The server never took that review: the card is due again, as the server has it.
    renderApp("/review", server({ cards: [card("q5")], week: thisWeek() }));
    expect(await screen.findByText("Câu 1/1", {}, { timeout: 5000 })).toBeTruthy();
    const stored = (await keyValue("kns-offline").get<{ deck: ReviewDeck }>(`${user.id}/review-deck`))!.deck;
    expect(stored.cards[0]!.state).toBeNull();
  });

  it("says when nothing is due, and how a card gets here when the deck is empty", async () => {
    signIn(person("rv_empty"));
    renderApp("/review", server({ cards: [], week: thisWeek() }));
    expect(await screen.findByText("Bây giờ không có câu nào cần ôn. Hẹn bạn lần sau!", {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText(/câu ấy sẽ quay lại đây để ôn/)).toBeTruthy();
    expect(screen.getByText("Tuần này bạn chưa ôn ngày nào.")).toBeTruthy();
    expect(screen.getByText("Nghỉ một hôm cũng không sao: các câu vẫn chờ bạn, không mất gì cả.")).toBeTruthy();
  });
});

describe("the home card", () => {
  it("shows '2 phút ôn tập' with the number of due cards and leads to the deck", async () => {
    signIn(person("rv_home"));
    renderApp("/learn", server({ cards: [card("q1"), card("q2"), card("q3", { state: reviewedState(2 * day) })], week: thisWeek() }));
    const heading = await screen.findByRole("heading", { name: "2 phút ôn tập" }, { timeout: 5000 });
    const section = heading.closest("section")!;
    expect(within(section).getByText("2 câu bạn từng trả lời sai đang chờ ôn lại.")).toBeTruthy();
    expect(within(section).getByRole("link", { name: "Ôn ngay" }).getAttribute("href")).toBe("/review");
  });

  it("shows from the phone's copy offline, and not at all when nothing is due", async () => {
    const user = person("rv_home_offline");
    signIn(user);
    await keyValue("kns-offline").set(`${user.id}/review-deck`, { deck: { cards: [card("q1")], week: thisWeek() }, savedAt: iso(-day) });
    const offline = renderApp(
      "/learn",
      server(() => Promise.reject(new TypeError("Failed to fetch"))),
    );
    expect(await screen.findByText("1 câu bạn từng trả lời sai đang chờ ôn lại.", {}, { timeout: 5000 })).toBeTruthy();
    offline.unmount();

    signIn(person("rv_home_none"));
    renderApp("/learn", server({ cards: [card("q1", { state: reviewedState(day) })], week: thisWeek() }));
    expect(await screen.findByRole("heading", { name: /^Xin chào/ }, { timeout: 5000 })).toBeTruthy();
    // The deck has come (it is stored once it has): one card, not due.
    await vi.waitFor(async () => expect(await keyValue("kns-offline").get("rv_home_none/review-deck")).toBeTruthy());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByRole("heading", { name: "2 phút ôn tập" })).toBeNull();
  });
});
