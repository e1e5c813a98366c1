import type { SearchIndex } from "@kns/core/model";
import { MemoryRouter, Route } from "@solidjs/router";
import { fireEvent, render, screen, within } from "@solidjs/testing-library";
import { onCleanup } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n";
import { createSession, SessionProvider } from "../../lib/session";
import { reply, type FakeReply } from "../../testing/render-app";
import { keyValue } from "../offline/kv";
import { SearchBox } from "./search-box";

const index: SearchIndex = {
  courses: [
    {
      courseId: "payments",
      title: "Thanh toán không dùng tiền mặt",
      keywords: "",
      lessons: [{ lessonId: "qr-1", title: "Thanh toán bằng mã QR" }],
    },
    { courseId: "public-services", title: "Dịch vụ công trực tuyến", keywords: "", lessons: [{ lessonId: "v", title: "VNeID là gì?" }] },
  ],
};

function signIn(id: string) {
  const user = { id, phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: "u_1" };
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-1", refreshToken: "refresh-1", user }));
}

function renderBox(fetch: typeof globalThis.fetch, downloaded: (courseId: string) => boolean = () => false) {
  const session = createSession({ fetch });
  return render(() => {
    onCleanup(session.dispose);
    return (
      <I18nProvider>
        <SessionProvider session={session}>
          <MemoryRouter>
            <Route path="/" component={() => <SearchBox downloaded={downloaded} />} />
          </MemoryRouter>
        </SessionProvider>
      </I18nProvider>
    );
  });
}

const serveIndex = (answer: FakeReply = { status: 200, body: index }) => vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => reply(answer));

describe("the catalogue's search box", () => {
  it("loads the index only once the learner starts, and finds lessons and courses without diacritics", async () => {
    signIn("search-1");
    const fetch = serveIndex();
    renderBox(fetch);
    const input = screen.getByRole("searchbox", { name: "Tìm khoá học, bài học" });
    expect(fetch).not.toHaveBeenCalled();

    fireEvent.focus(input);
    fireEvent.input(input, { target: { value: "thanh toan qr" } });
    const link = await screen.findByRole("link", { name: "Thanh toán bằng mã QR" });
    expect(link.getAttribute("href")).toBe("/courses/payments/lessons/qr-1");
    expect(screen.getByRole("status").textContent).toBe("Tìm thấy 1 kết quả.");
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(fetch.mock.calls[0]?.[0])).toBe("/api/v1/search/index");

    fireEvent.input(input, { target: { value: "dich vu cong" } });
    expect((await screen.findByRole("link", { name: "Dịch vụ công trực tuyến" })).getAttribute("href")).toBe("/courses/public-services");
    fireEvent.input(input, { target: { value: "khong co dau" } });
    expect(await screen.findByText("Không tìm thấy khoá học hay bài học nào khớp với “khong co dau”.")).toBeTruthy();
    // The index was asked for once.
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("searches the copy on the phone offline, and says which courses cannot open", async () => {
    signIn("search-2");
    await keyValue("kns-offline").set("search-2/search-index", { index, savedAt: "2026-12-01T00:00:00.000Z" });
    const fetch = vi.fn(async () => Promise.reject(new TypeError("Failed to fetch")));
    renderBox(fetch, (courseId) => courseId === "payments");
    const input = screen.getByRole("searchbox");
    fireEvent.focus(input);
    fireEvent.input(input, { target: { value: "t" } });

    expect(await screen.findByText("Không có mạng: đang tìm trong bản lưu trên điện thoại. Chỉ mở được các khoá đã tải về máy.")).toBeTruthy();
    const items = screen.getAllByRole("listitem");
    const payments = items.find((item) => within(item).queryByRole("link", { name: "Thanh toán không dùng tiền mặt" }))!;
    expect(within(payments).getByText("Đã có trên điện thoại")).toBeTruthy();
    const services = items.find((item) => within(item).queryByRole("link", { name: "Dịch vụ công trực tuyến" }))!;
    expect(within(services).getByText("Chưa tải về máy: cần có mạng để mở.")).toBeTruthy();
  });
});
