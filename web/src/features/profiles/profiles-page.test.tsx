import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { User } from "../../lib/api";
import { createSession } from "../../lib/session";
import { renderApp } from "../../testing/render-app";
import { MAX_WRONG_PINS, profile, setAside, setPin } from "./profiles";

const huong: User = {
  id: "m_1",
  phone: "0912000001",
  fullName: "Lò Thị Hương",
  roles: ["member"],
  unitId: "u_1",
  active: true,
  createdAt: "2026-11-01T00:00:00.000Z",
};
const phuc: User = {
  id: "m_5",
  phone: "0912000005",
  fullName: "Lường Văn Phúc",
  roles: ["team-leader"],
  unitId: "u_1",
  active: true,
  createdAt: "2026-11-01T00:00:00.000Z",
};

function signIn(user: User) {
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: `access-${user.id}`, refreshToken: `refresh-${user.id}`, user }));
}

describe("shared-phone screen", () => {
  it("keeps someone locked out by wrong PINs on the list, and sends them to sign in with their password", async () => {
    signIn(huong);
    const parked = createSession({ fetch: vi.fn() });
    await setPin(huong, "2580");
    await setAside(parked);
    parked.dispose();
    signIn(phuc);
    await setPin(phuc, "1470");
    const { history, session } = renderApp(
      "/profiles",
      vi.fn(async () => new Response(null, { status: 204 })),
    );

    fireEvent.click(await screen.findByRole("button", { name: "Chuyển sang Lò Thị Hương" }));
    const pin = (await screen.findByLabelText("Mã PIN của Lò Thị Hương")) as HTMLInputElement;
    for (let i = 1; i < MAX_WRONG_PINS; i++) {
      pin.value = "9999";
      fireEvent.submit(pin.form!);
      await screen.findByText(`Mã PIN chưa đúng. Còn ${MAX_WRONG_PINS - i} lần thử.`);
    }
    pin.value = "9999";
    fireEvent.submit(pin.form!);

    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Đã nhập sai quá nhiều lần. Lò Thị Hương cần đăng nhập lại bằng mật khẩu."));
    const card = screen.getByText("Lò Thị Hương").closest("li")!;
    expect(card.textContent).toContain("Cần đăng nhập lại bằng mật khẩu.");
    expect(screen.queryByLabelText("Mã PIN của Lò Thị Hương")).toBeNull();
    expect(screen.queryByRole("button", { name: "Chuyển sang Lò Thị Hương" })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Đăng nhập bằng mật khẩu" }));
    await waitFor(() => expect(history.get()).toBe("/sign-in"));
    expect(session.user()).toBeUndefined();
    expect(profile(phuc.id)?.tokens).toBeDefined();
    expect(profile(huong.id)?.needsPassword).toBe(true);
  });
});
