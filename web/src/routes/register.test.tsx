import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { fakeFetch, renderApp } from "../testing/render-app";

function fill(label: string, value: string) {
  (screen.getByLabelText(label) as HTMLInputElement).value = value;
}

const PROVINCES = {
  status: 200,
  body: {
    items: [
      { code: "11", name: "Tỉnh Điện Biên" },
      { code: "14", name: "Tỉnh Sơn La" },
    ],
  },
};
const SON_LA = {
  status: 200,
  body: {
    items: [
      { code: "03646", name: "Phường Tô Hiệu" },
      { code: "03847", name: "Xã Mường Bú" },
      { code: "03850", name: "Xã Mường Chùm" },
      { code: "03910", name: "Xã Chiềng Mung" },
    ],
  },
};

const member = {
  id: "demo-learner",
  phone: "0912000001",
  fullName: "Lò Thị Hương",
  roles: ["member"],
  unitId: "sla-muongbu-banbo",
  active: true,
  createdAt: "2026-01-01T00:00:00.000Z",
};

afterEach(() => localStorage.clear());

/** Chooses Sơn La and "Xã Mường Bú" (typed without diacritics) in the resident's form. */
async function pickMuongBu() {
  const province = (await screen.findByRole("option", { name: "Tỉnh Sơn La" })).closest("select") as HTMLSelectElement;
  fireEvent.change(province, { target: { value: "14" } });
  const search = await screen.findByLabelText("Tìm xã, phường, đặc khu");
  await screen.findByRole("radio", { name: "Xã Mường Chùm" });
  fireEvent.input(search, { target: { value: "muong bu" } });
  const results = screen.getByRole("group", { name: "Xã, phường nơi bạn sống" });
  expect(
    within(results)
      .getAllByRole("radio")
      .map((radio) => radio.parentElement?.textContent),
  ).toEqual(["Xã Mường Bú"]);
  expect(screen.getByRole("status").textContent).toBe("1 nơi khớp.");
  fireEvent.click(within(results).getByRole("radio", { name: "Xã Mường Bú" }));
}

describe("registration screen", () => {
  it("asks first who is registering: a team member with a code, or a resident", async () => {
    renderApp("/register", fakeFetch());
    expect(await screen.findByRole("heading", { level: 1, name: "Đăng ký tài khoản" })).toBeTruthy();
    const asMember = screen.getByRole("link", { name: "Tôi là thành viên Tổ công nghệ số cộng đồng (có mã tổ)" });
    const asCitizen = screen.getByRole("link", { name: "Tôi là người dân" });
    expect(asMember.getAttribute("href")).toBe("/register?as=member");
    expect(asCitizen.getAttribute("href")).toBe("/register?as=citizen");
    expect(document.getElementById(asCitizen.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Không cần mã tổ: chọn tỉnh và xã, phường nơi bạn sống.",
    );
    fireEvent.click(asMember);
    expect(await screen.findByRole("heading", { level: 1, name: "Đăng ký thành viên" })).toBeTruthy();
    expect(screen.getByLabelText("Mã tổ")).toBeTruthy();
  });

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
    renderApp("/register?as=member", fetch);
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
    const fieldError = await screen.findByText("Mã tổ không đúng. Hãy hỏi tổ trưởng mã mới nhất.");
    const joinCode = screen.getByLabelText("Mã tổ");
    expect(joinCode.getAttribute("aria-invalid")).toBe("true");
    expect(joinCode.getAttribute("aria-describedby")?.split(" ")).toContain(fieldError.id);
    expect(document.activeElement).toBe(joinCode);
    expect(screen.getByRole("alert").textContent).toBe("Vui lòng sửa các mục được đánh dấu bên dưới.");
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toEqual({
      fullName: "Quàng Văn Minh",
      phone: "0987 654 321",
      password: "Hoc2026vui",
      joinCode: "SAI-MA",
      consent: true,
    });
  });
});

describe("a resident's registration", () => {
  it("asks for the province, then the commune, at their fields, before sending anything", async () => {
    const fetch = fakeFetch(PROVINCES, SON_LA);
    renderApp("/register?as=citizen", fetch);
    expect(await screen.findByRole("heading", { level: 1, name: "Đăng ký tài khoản người dân" })).toBeTruthy();
    await screen.findByRole("option", { name: "Tỉnh Sơn La" });
    const submit = screen.getByRole("button", { name: "Đăng ký" });

    fireEvent.click(submit);
    const province = screen.getByLabelText("Tỉnh, thành phố");
    expect(province.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(province.getAttribute("aria-describedby") ?? "")?.textContent).toBe("Hãy chọn tỉnh, thành phố nơi bạn sống.");
    expect(document.activeElement).toBe(province);

    fireEvent.change(province, { target: { value: "14" } });
    expect(province.getAttribute("aria-invalid")).toBeNull();
    await screen.findByRole("radio", { name: "Xã Mường Bú" });
    fireEvent.click(submit);
    const search = screen.getByLabelText("Tìm xã, phường, đặc khu");
    expect(search.getAttribute("aria-invalid")).toBe("true");
    expect(await screen.findByText("Hãy chọn xã, phường: gõ tên rồi chọn trong danh sách.")).toBeTruthy();
    expect(document.activeElement).toBe(search);
    // Only the two lists were asked for.
    expect(fetch.mock.calls.map((call) => String(call[0]))).toEqual(["/api/v1/units/provinces", "/api/v1/units/provinces/14/communes"]);
  });

  it("finds a commune typed without diacritics, sends it, and shows the server's refusal at the commune", async () => {
    const fetch = fakeFetch(PROVINCES, SON_LA, {
      status: 400,
      body: { error: { code: "auth.commune_invalid", message: "This commune is not in the official list." } },
    });
    renderApp("/register?as=citizen", fetch);
    await pickMuongBu();
    fill("Họ và tên", "Lò Văn Dân");
    fill("Số điện thoại", "0912 700 101");
    fill("Mật khẩu", "Nguoi-dan-2026");
    fireEvent.click(screen.getByRole("checkbox", { name: /Tôi đồng ý/ }));
    fireEvent.click(screen.getByRole("button", { name: "Đăng ký" }));

    const error = await screen.findByText("Xã, phường này không có trong danh sách chính thức. Hãy chọn lại.");
    const search = screen.getByLabelText("Tìm xã, phường, đặc khu");
    expect(search.getAttribute("aria-describedby")?.split(" ")).toContain(error.id);
    expect(document.activeElement).toBe(search);
    expect(screen.getByRole("alert").textContent).toBe("Vui lòng sửa các mục được đánh dấu bên dưới.");
    const [url, init] = fetch.mock.calls[2] ?? [];
    expect(String(url)).toBe("/api/v1/auth/register");
    expect(new Headers(init?.headers).get("authorization")).toBeNull();
    expect(JSON.parse(String(init?.body))).toEqual({
      audience: "citizen",
      communeCode: "03847",
      fullName: "Lò Văn Dân",
      phone: "0912 700 101",
      password: "Nguoi-dan-2026",
      consent: true,
    });
  });
});

describe("helping a neighbour register", () => {
  it("registers the resident with the member's token, keeps the member signed in, and ends the resident's new session", async () => {
    localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-member", refreshToken: "refresh-member", user: member }));
    const neighbour = {
      ...member,
      id: "m-neighbour",
      phone: "0912700102",
      fullName: "Quàng Thị Lả",
      roles: ["citizen"],
      unitId: null,
      communeId: "sla-muongbu",
    };
    const fetch = fakeFetch(
      PROVINCES,
      SON_LA,
      {
        status: 201,
        body: { accessToken: "access-neighbour", refreshToken: "refresh-neighbour", expiresIn: 900, user: neighbour },
      },
      { status: 204 },
    );
    const { session } = renderApp("/register-neighbour", fetch);
    expect(await screen.findByRole("heading", { level: 1, name: "Đăng ký cho người dân" })).toBeTruthy();
    expect(screen.getByText("Bạn đang đăng ký giúp một người dân; tài khoản của bạn vẫn giữ nguyên.")).toBeTruthy();
    await pickMuongBu();
    fill("Họ và tên", "Quàng Thị Lả");
    fill("Số điện thoại", "0912 700 102");
    fill("Mật khẩu", "Nguoi-dan-2026");
    fireEvent.click(screen.getByRole("checkbox", { name: /Người dân đã đọc/ }));
    fireEvent.click(screen.getByRole("button", { name: "Đăng ký cho người dân" }));

    const done = await screen.findByRole("heading", { level: 1, name: "Đã đăng ký cho Quàng Thị Lả" });
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(screen.getByText(/Quàng Thị Lả có thể đăng nhập bằng số điện thoại 0912 700 102/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Cho Quàng Thị Lả học trên máy này (dùng chung máy)" }).getAttribute("href")).toBe("/profiles");
    expect(session.user()?.id).toBe("demo-learner");
    expect(JSON.parse(localStorage.getItem("kns.session") ?? "{}").refreshToken).toBe("refresh-member");

    const [, register] = fetch.mock.calls[2] ?? [];
    expect(new Headers(register?.headers).get("authorization")).toBe("Bearer access-member");
    expect(JSON.parse(String(register?.body))).toMatchObject({ audience: "citizen", communeCode: "03847", fullName: "Quàng Thị Lả" });
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(4));
    const [logoutUrl, logout] = fetch.mock.calls[3] ?? [];
    expect(String(logoutUrl)).toBe("/api/v1/auth/logout");
    expect(new Headers(logout?.headers).get("authorization")).toBeNull();
    expect(JSON.parse(String(logout?.body))).toEqual({ refreshToken: "refresh-neighbour" });
  });
});
