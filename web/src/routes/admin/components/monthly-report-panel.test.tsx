import { fieldWorkMonth } from "@kns/core/model";
import { fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../../i18n";
import { createSession, SessionProvider } from "../../../lib/session";
import { MonthlyReportPanel } from "./monthly-report-panel";

const user = { id: "a1", phone: "0912000007", fullName: "Tòng Thị Xuân", roles: ["admin"], unitId: "sla-muongbu" };

function renderPanel(reply: Response) {
  const fetch = vi.fn(async () => reply);
  vi.stubGlobal("fetch", fetch);
  render(() => (
    <I18nProvider>
      <SessionProvider session={createSession()}>
        <MonthlyReportPanel unit={{ id: "sla-muongbu", code: "03847" }} />
      </SessionProvider>
    </I18nProvider>
  ));
  return fetch;
}

// jsdom has neither; the web project's files share one jsdom (web/vitest.config.ts), so each test puts back what was there.
const objectUrls = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
afterEach(() => {
  URL.createObjectURL = objectUrls.create;
  URL.revokeObjectURL = objectUrls.revoke;
});

beforeEach(() => {
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-a1", refreshToken: "refresh-a1", user }));
  URL.createObjectURL = vi.fn(() => "blob:report");
  URL.revokeObjectURL = vi.fn();
});

/** The names of the files handed to the browser (jsdom cannot follow the download link itself). */
function savedFiles() {
  const names: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return names;
}
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

describe("monthly report panel", () => {
  it("downloads this month's report by default, with the session's token", async () => {
    const saved = savedFiles();
    const fetch = renderPanel(new Response("xlsx", { status: 200 }));
    const month = fieldWorkMonth(new Date());
    const picker = screen.getByLabelText("Tháng báo cáo") as HTMLInputElement;
    expect(picker.value).toBe(month);
    expect(picker.max).toBe(month);
    fireEvent.click(screen.getByRole("button", { name: "Tải báo cáo tháng (Excel)" }));
    expect(await screen.findByText(`Đã tải báo cáo tháng ${Number(month.slice(5))}/${month.slice(0, 4)}.`)).toBeTruthy();
    expect(fetch).toHaveBeenCalledWith(`/api/v1/admin/units/sla-muongbu/monthly-report.xlsx?month=${month}`, {
      headers: { authorization: "Bearer access-a1", accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
    expect(saved).toEqual([`bao-cao-thang-${month}-03847.xlsx`]);
  });

  it("says which months can be reported when the server refuses the month", async () => {
    renderPanel(new Response(JSON.stringify({ error: { code: "report.future_month", message: "" } }), { status: 400 }));
    fireEvent.input(screen.getByLabelText("Tháng báo cáo"), { target: { value: "2999-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Tải báo cáo tháng (Excel)" }));
    expect(await screen.findByText("Chỉ lập được báo cáo cho tháng này hoặc các tháng trước.")).toBeTruthy();
  });
});
