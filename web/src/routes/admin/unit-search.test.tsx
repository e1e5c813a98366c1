import type { Unit, UnitSearchResults } from "@kns/core/model";
import { fireEvent, render, screen, within } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, describe, expect, it } from "vitest";
import { I18nProvider } from "../../i18n";
import { askedFor, renderAdmin } from "./components/testing";
import { UnitSearchBox } from "./components/unit-search-box";
import UnitSearch from "./unit-search";

const unit = (id: string, name: string, kind: Unit["kind"], path: string): Unit & { children: Unit[] } => ({
  id,
  code: id.toUpperCase(),
  name,
  kind,
  parentId: null,
  path,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  children: [],
});

const FOUND: Record<string, UnitSearchResults> = {
  "xa tan": {
    items: [
      { unitId: "c03970", name: "Xã Tân Phong", kind: "commune", code: "03970", path: ["Tỉnh Sơn La", "Xã Tân Phong"] },
      { unitId: "c03997", name: "Xã Tân Yên", kind: "commune", code: "03997", path: ["Tỉnh Sơn La", "Xã Tân Yên"] },
    ],
    more: false,
    partial: false,
    depth: null,
  },
  "ban bo": {
    items: [
      {
        unitId: "sla-muongbu-banbo",
        name: "Tổ CNSCĐ bản Bó",
        kind: "team",
        code: "SLA-MUONGBU-BANBO",
        path: ["Tỉnh Sơn La", "Xã Mường Bú", "Tổ CNSCĐ bản Bó"],
      },
    ],
    more: false,
    partial: false,
    depth: null,
  },
  xa: {
    items: ["Xã Bó Sinh", "Xã Chiềng Bằng", "Xã Chiềng Khương"].map((name, i) => ({
      unitId: `c${i}`,
      name,
      kind: "commune",
      code: `0${i}`,
      path: ["Tỉnh Sơn La", name],
    })),
    more: true,
    partial: false,
    depth: null,
  },
  "ban co": { items: [], more: false, partial: false, depth: 2 },
};

function show(path: string, userId: string) {
  return renderAdmin({
    path,
    routes: [{ path: "/admin/units/:unitId/units", component: UnitSearch }],
    user: { id: userId, roles: ["admin"], unitId: path.includes("/vn/") ? "vn" : "sla" },
    replies: (url) => {
      const [route = "", query = ""] = url.replace("/api/v1", "").split("?");
      if (route === "/admin/units/sla") return { status: 200, body: unit("sla", "Tỉnh Sơn La", "province", "/vn/sla/") };
      if (route === "/admin/units/vn") return { status: 200, body: unit("vn", "Việt Nam", "nation", "/vn/") };
      const q = new URLSearchParams(query).get("q") ?? "";
      if (route.endsWith("/unit-search") && FOUND[q]) return { status: 200, body: FOUND[q] };
      return undefined;
    },
  });
}

afterEach(() => localStorage.clear());

describe("unit search", () => {
  it("lists the units found in the address's query, each linked with where it sits", async () => {
    const { fetch } = show("/admin/units/sla/units?q=xa%20tan", "us-1");
    expect(await screen.findByText("2 đơn vị khớp “xa tan”.")).toBeTruthy();
    expect(askedFor(fetch)).toContain("/api/v1/admin/units/sla/unit-search?q=xa%20tan");
    const link = screen.getByRole("link", { name: /Xã Tân Phong/ });
    expect(link.getAttribute("href")).toBe("/admin/units/c03970");
    expect(link.textContent).toContain("Xã, phường · 03970");
    expect(link.textContent).toContain("Thuộc Tỉnh Sơn La");
  });

  it("searches what the admin types, and shows a team's commune in its path", async () => {
    const { fetch } = show("/admin/units/sla/units", "us-2");
    const search = await screen.findByRole("search", { name: "Tìm đơn vị" });
    fireEvent.input(within(search).getByLabelText("Tên hoặc mã đơn vị"), { target: { value: "  ban bo " } });
    fireEvent.click(within(search).getByRole("button", { name: "Tìm" }));
    const link = await screen.findByRole("link", { name: /Tổ CNSCĐ bản Bó/ });
    expect(link.textContent).toContain("Thuộc Tỉnh Sơn La › Xã Mường Bú");
    expect(askedFor(fetch)).toContain("/api/v1/admin/units/sla/unit-search?q=ban%20bo");
  });

  it("sends nothing for a query without a letter or digit", async () => {
    const { fetch } = show("/admin/units/sla/units", "us-3");
    const search = await screen.findByRole("search", { name: "Tìm đơn vị" });
    fireEvent.input(within(search).getByLabelText("Tên hoặc mã đơn vị"), { target: { value: " ?! " } });
    fireEvent.click(within(search).getByRole("button", { name: "Tìm" }));
    fireEvent.input(within(search).getByLabelText("Tên hoặc mã đơn vị"), { target: { value: "xa tan" } });
    fireEvent.click(within(search).getByRole("button", { name: "Tìm" }));
    expect(await screen.findByText("2 đơn vị khớp “xa tan”.")).toBeTruthy();
    expect(askedFor(fetch).filter((url) => url.includes("unit-search"))).toEqual(["/api/v1/admin/units/sla/unit-search?q=xa%20tan"]);
  });

  it("says when more units matched than it shows", async () => {
    show("/admin/units/sla/units?q=xa", "us-4");
    expect(await screen.findByText("3 đơn vị khớp “xa”.")).toBeTruthy();
    expect(screen.getByText("Chỉ hiện 3 kết quả đầu. Hãy gõ cụ thể hơn.")).toBeTruthy();
  });
});

describe("unit search from the nation", () => {
  it("says teams are found from their province or commune", async () => {
    show("/admin/units/vn/units?q=ban%20co", "us-5");
    expect(await screen.findByText("Không có đơn vị nào khớp “ban co”.")).toBeTruthy();
    expect(screen.getByText("Ở đây chỉ tìm 2 cấp bên dưới. Muốn tìm tổ, hãy mở tỉnh hoặc xã của tổ rồi tìm ở đó.")).toBeTruthy();
  });
});

describe("the unit search box", () => {
  it("shows the query of the address after back or forward", () => {
    const [value, setValue] = createSignal<string | undefined>("xa tan");
    render(() => (
      <I18nProvider>
        <UnitSearchBox value={value()} onSearch={() => {}} />
      </I18nProvider>
    ));
    const box = screen.getByRole("searchbox") as HTMLInputElement;
    expect(box.value).toBe("xa tan");
    setValue("ban bo");
    expect(box.value).toBe("ban bo");
    setValue(undefined);
    expect(box.value).toBe("");
  });
});
