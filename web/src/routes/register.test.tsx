import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { fakeFetch, renderApp } from "../testing/render-app";

function fill(label: string, value: string) {
  (screen.getByLabelText(label) as HTMLInputElement).value = value;
}

describe("registration screen", () => {
  it("takes the team code from a shared link and shows the password rule", async () => {
    renderApp("/register?code=DEMO-SONLA", fakeFetch());
    expect(((await screen.findByLabelText("Mã tổ")) as HTMLInputElement).value).toBe("DEMO-SONLA");
    const password = screen.getByLabelText("Mật khẩu");
    const hint = document.getElementById(password.getAttribute("aria-describedby") ?? "");
    expect(hint?.textContent).toBe("Ít nhất 8 ký tự, có chữ cái và ít nhất một chữ số.");
  });

  it("asks for consent before sending, and explains a wrong team code in Vietnamese", async () => {
    const fetch = fakeFetch({
      status: 400,
      body: { error: { code: "auth.join_code_invalid", message: "This team join code is not valid." } },
    });
    renderApp("/register", fetch);
    await screen.findByLabelText("Họ và tên");
    fill("Họ và tên", "Quàng Văn Minh");
    fill("Số điện thoại", "0987 654 321");
    fill("Mật khẩu", "Hoc2026vui");
    fill("Mã tổ", "SAI-MA");
    const submit = screen.getByRole("button", { name: "Đăng ký" });

    fireEvent.click(submit);
    expect(await screen.findByText("Bạn cần đồng ý với thông báo bảo vệ dữ liệu để đăng ký.")).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("checkbox", { name: /Tôi đồng ý/ }));
    fireEvent.click(submit);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Mã tổ không đúng. Hãy hỏi tổ trưởng mã mới nhất."));
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toEqual({
      fullName: "Quàng Văn Minh",
      phone: "0987 654 321",
      password: "Hoc2026vui",
      joinCode: "SAI-MA",
      consent: true,
    });
  });
});
