import { fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../../i18n";
import { createSession, SessionProvider } from "../../../lib/session";
import { ExportPanel } from "./export-panel";

const user = { id: "a1", phone: "0912000003", fullName: "Cầm Văn Đức", roles: ["admin"], unitId: "sla" };
const TOO_LONG =
  "Danh sách này dài hơn số dòng một trang tính Excel chứa được (1.048.575 dòng). Hãy chọn định dạng CSV, hoặc tải theo đơn vị nhỏ hơn hay theo từng khoá học.";
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** Answers each call in turn; records what was asked. */
function renderPanel(...replies: (() => Response)[]) {
  const fetch = vi.fn(async () => {
    const next = replies.shift();
    if (!next) throw new Error("no reply left");
    return next();
  });
  vi.stubGlobal("fetch", fetch);
  render(() => (
    <I18nProvider>
      <SessionProvider session={createSession()}>
        <ExportPanel unitId="sla" unitName="Tỉnh Sơn La" />
      </SessionProvider>
    </I18nProvider>
  ));
  return fetch;
}

beforeEach(() => {
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-a1", refreshToken: "refresh-a1", user }));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe("completion list panel", () => {
  it("says an Excel list is too long for a sheet and gives the form back, not a retry of the same request", async () => {
    const fetch = renderPanel(() => json(400, { error: { code: "export.too_many_rows", message: "too long", params: { limit: 1048575 } } }));
    fireEvent.click(screen.getByRole("button", { name: "Tạo danh sách" }));
    expect((await screen.findByRole("alert")).textContent).toBe(TOO_LONG);
    expect(screen.queryByRole("button", { name: "Thử lại" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Tạo danh sách khác" }));
    expect((screen.getByLabelText(/^Excel \(\.xlsx/) as HTMLInputElement).checked).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("offers the same request again when it may not have reached the server", async () => {
    renderPanel(() => json(503, { error: { code: "db.unavailable", message: "busy" } }));
    fireEvent.click(screen.getByRole("button", { name: "Tạo danh sách" }));
    await screen.findByRole("alert");
    expect(screen.getByRole("button", { name: "Thử lại" })).toBeTruthy();
  });

  /** The job's status as the server answers it once the job has failed, with or without a code. */
  const failedJob = (id: string, errorCode?: string) => () =>
    json(200, {
      id,
      status: "failed",
      progress: 40,
      params: { unitId: "sla", format: "xlsx", includePhones: false },
      createdAt: new Date().toISOString(),
      ...(errorCode ? { errorCode } : {}),
    });

  it("says why a list failed while it was written when the job carries the code", async () => {
    renderPanel(() => json(202, { id: "j1" }), failedJob("j1", "export.too_many_rows"));
    fireEvent.click(screen.getByRole("button", { name: "Tạo danh sách" }));
    expect((await screen.findByRole("alert", {}, { timeout: 3000 })).textContent).toBe(TOO_LONG);
  });

  it("keeps the generic line for a job that failed without a code", async () => {
    renderPanel(() => json(202, { id: "j2" }), failedJob("j2"));
    fireEvent.click(screen.getByRole("button", { name: "Tạo danh sách" }));
    expect((await screen.findByRole("alert", {}, { timeout: 3000 })).textContent).toBe("Không tạo được danh sách. Hãy thử lại sau ít phút.");
  });
});
