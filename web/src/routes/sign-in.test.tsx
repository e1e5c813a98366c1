import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeFetch, renderApp } from "../testing/render-app";

async function fillAndSubmit(phone: string, password: string) {
  const phoneInput = await screen.findByLabelText("Số điện thoại");
  const passwordInput = screen.getByLabelText("Mật khẩu");
  (phoneInput as HTMLInputElement).value = phone;
  (passwordInput as HTMLInputElement).value = password;
  fireEvent.click(screen.getByRole("button", { name: "Đăng nhập" }));
  return { phoneInput, passwordInput };
}

const demoUser = { id: "m_1", phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: "u_1" };

describe("sign-in screen", () => {
  beforeEach(() => localStorage.clear());

  it("shows the server's per-field messages from a 400 next to the field they concern", async () => {
    const fetch = fakeFetch({
      status: 400,
      body: {
        error: {
          code: "request.invalid",
          message: "phone: Enter a Vietnamese mobile number, e.g. 0912 345 678",
          details: [{ path: "phone", message: "Enter a Vietnamese mobile number, e.g. 0912 345 678" }],
        },
      },
    });
    renderApp("/sign-in", fetch);
    const { phoneInput, passwordInput } = await fillAndSubmit("0912000001", "Demo@2026");

    const fieldError = await screen.findByText("Enter a Vietnamese mobile number, e.g. 0912 345 678");
    expect(phoneInput.getAttribute("aria-invalid")).toBe("true");
    expect(phoneInput.getAttribute("aria-describedby")?.split(" ")).toContain(fieldError.id);
    expect(passwordInput.getAttribute("aria-invalid")).toBeNull();
    expect(screen.getByRole("alert").textContent).toBe("Vui lòng sửa các mục được đánh dấu bên dưới.");
    expect(document.activeElement).toBe(phoneInput);
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/api/v1/auth/login");
    expect(JSON.parse(String(init?.body))).toEqual({ phone: "0912000001", password: "Demo@2026" });
  });

  it("shows the rate-limit message in Vietnamese, with the wait from Retry-After, on 429", async () => {
    const fetch = fakeFetch({
      status: 429,
      headers: { "retry-after": "540" },
      body: { error: { code: "request.rate_limited", message: "Too many attempts. Please wait and try again later." } },
    });
    renderApp("/sign-in", fetch);
    await fillAndSubmit("0912000001", "wrong-password-1");

    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Bạn đã thử quá nhiều lần. Vui lòng đợi 9 phút rồi thử lại."));
    expect(screen.getByRole("button", { name: "Đăng nhập" })).not.toHaveProperty("disabled", true);
  });

  it("translates a wrong password at the password field, and does not try to refresh a session", async () => {
    const fetch = fakeFetch({
      status: 401,
      body: { error: { code: "auth.invalid_credentials", message: "The phone number or password is not correct." } },
    });
    renderApp("/sign-in", fetch);
    const { passwordInput } = await fillAndSubmit("0912000001", "Sai@2026");

    const fieldError = await screen.findByText("Số điện thoại hoặc mật khẩu chưa đúng.");
    expect(passwordInput.getAttribute("aria-invalid")).toBe("true");
    expect(passwordInput.getAttribute("aria-describedby")?.split(" ")).toContain(fieldError.id);
    expect(document.activeElement).toBe(passwordInput);
    expect(screen.getByRole("alert").textContent).toBe("Vui lòng sửa các mục được đánh dấu bên dưới.");
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("puts an error that belongs to no field in the alert, and focuses the alert", async () => {
    const fetch = fakeFetch({
      status: 403,
      body: { error: { code: "auth.account_inactive", message: "This account has been deactivated." } },
    });
    renderApp("/sign-in", fetch);
    await fillAndSubmit("0912000001", "Demo@2026");

    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Tài khoản này đang bị khóa. Hãy liên hệ tổ trưởng."));
    expect(document.activeElement).toBe(screen.getByText("Tài khoản này đang bị khóa. Hãy liên hệ tổ trưởng."));
  });

  it("checks the phone number on the device before sending anything", async () => {
    const fetch = fakeFetch();
    renderApp("/sign-in", fetch);
    const { phoneInput } = await fillAndSubmit("12345", "");

    expect(await screen.findByText(/Số điện thoại chưa đúng/)).toBeTruthy();
    expect(screen.getByText("Hãy nhập mật khẩu.")).toBeTruthy();
    expect(document.activeElement).toBe(phoneInput);
    expect(fetch).not.toHaveBeenCalled();

    (phoneInput as HTMLInputElement).value = "0912 000 001";
    fireEvent.input(phoneInput);
    expect(screen.queryByText(/Số điện thoại chưa đúng/)).toBeNull();
    expect(phoneInput.getAttribute("aria-invalid")).toBeNull();
    expect(screen.getByText("Hãy nhập mật khẩu.")).toBeTruthy();
  });

  it("signs in, keeps the session and moves on to the home screen", async () => {
    const fetch = fakeFetch(
      { status: 200, body: { accessToken: "access-1", refreshToken: "refresh-1", expiresIn: 900, user: demoUser } },
      { status: 200, body: demoUser },
    );
    const { history } = renderApp("/sign-in", fetch);
    await fillAndSubmit("0912 000 001", "Demo@2026");

    expect(await screen.findByRole("heading", { name: "Xin chào, Lò Thị Hương!" })).toBeTruthy();
    await waitFor(() => expect(history.get()).toBe("/"));
    expect(JSON.parse(localStorage.getItem("kns.session") ?? "{}").refreshToken).toBe("refresh-1");
  });
});
