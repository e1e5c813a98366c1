import { createMemoryHistory, MemoryRouter } from "@solidjs/router";
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../i18n";
import { createSession, SessionProvider } from "../../lib/session";
import { fakeFetch, type FakeReply } from "../../testing/render-app";
import { resetRoutes } from "./routes";

const session = {
  accessToken: "a",
  refreshToken: "r",
  expiresIn: 900,
  user: { id: "u1", phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: "t" },
};

function renderReset(...replies: FakeReply[]) {
  const fetch = fakeFetch(...replies);
  const history = createMemoryHistory();
  history.set({ value: "/reset-password", replace: true, scroll: false });
  const app = createSession({ fetch });
  render(() => (
    <I18nProvider>
      <SessionProvider session={app}>
        <MemoryRouter history={history}>{[...resetRoutes, { path: "/", component: () => <p>Trang chủ</p> }]}</MemoryRouter>
      </SessionProvider>
    </I18nProvider>
  ));
  return { fetch, history, app };
}

function fill(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe("reset password screen", () => {
  it("checks the code and password on the phone first", async () => {
    const { fetch } = renderReset();
    await screen.findByRole("heading", { name: "Quên mật khẩu" });
    fill("Số điện thoại", "0912000001");
    fill("Mã đặt lại mật khẩu", "12 34");
    fill("Mật khẩu mới", "short");
    fireEvent.click(screen.getByRole("button", { name: "Đặt mật khẩu mới" }));
    expect(await screen.findByText("Mã gồm đúng 6 chữ số.")).toBeTruthy();
    expect(screen.getByText("Mật khẩu cần ít nhất 8 ký tự, có chữ cái và ít nhất một chữ số.")).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("explains a wrong or expired code next to the code", async () => {
    renderReset({ status: 400, body: { error: { code: "auth.reset_code_invalid", message: "This code is not valid or has expired." } } });
    await screen.findByRole("heading", { name: "Quên mật khẩu" });
    fill("Số điện thoại", "0912000001");
    fill("Mã đặt lại mật khẩu", "123456");
    fill("Mật khẩu mới", "RuongBac2026");
    fireEvent.click(screen.getByRole("button", { name: "Đặt mật khẩu mới" }));
    expect(await screen.findByText("Mã này không đúng hoặc đã hết hạn. Hãy xin mã mới.")).toBeTruthy();
    expect(screen.getByLabelText("Mã đặt lại mật khẩu").getAttribute("aria-invalid")).toBe("true");
  });

  it("sets the new password, signs the member in and goes home", async () => {
    const { fetch, app } = renderReset({ status: 200, body: session }, { status: 200, body: session });
    await screen.findByRole("heading", { name: "Quên mật khẩu" });
    fill("Số điện thoại", "0912 000 001");
    fill("Mã đặt lại mật khẩu", "123456");
    fill("Mật khẩu mới", "RuongBac2026");
    fireEvent.click(screen.getByRole("button", { name: "Đặt mật khẩu mới" }));
    expect(await screen.findByText("Trang chủ")).toBeTruthy();
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toEqual({ phone: "0912 000 001", code: "123456", password: "RuongBac2026" });
    expect(String(fetch.mock.calls[0]?.[0])).toBe("/api/v1/auth/reset");
    await waitFor(() => expect(app.user()?.fullName).toBe("Lò Thị Hương"));
  });
});
