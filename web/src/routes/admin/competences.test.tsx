import { COMPETENCE_CODES, type CompetenceCoverage, type Unit } from "@kns/core/model";
import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { loadLanguage } from "../../i18n";
import CompetencesScreen from "./competences";
import { askedFor, renderAdmin } from "./components/testing";

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
const MUONG_BU = unit("sla-muongbu", "Xã Mường Bú", "commune", "/vn/sla/sla-muongbu/");
const BAN_BO = unit("sla-muongbu-banbo", "Tổ CNSCĐ bản Bó", "team", "/vn/sla/sla-muongbu/sla-muongbu-banbo/");

const SAFETY = { id: "an-toan", title: "An toàn trên mạng", audience: "members" as const, completed: 3 };
const PAYING = { id: "thanh-toan", title: "Thanh toán trực tuyến", audience: "members" as const, completed: 0 };
const NEIGHBOURS = { id: "lua-dao", title: "Nhận biết lừa đảo cho người dân", audience: "citizens" as const, completed: 7 };
const FAMILY = { id: "gia-dinh", title: "Bảo vệ gia đình trên mạng", audience: "members" as const, completed: 1 };
const ACCOUNTS = { id: "tai-khoan", title: "Tài khoản an toàn", audience: "members" as const, completed: 0 };

/** Mường Bú, 8 members: cyber-safety and 4.2 learned by 3, payments taught but unlearned, the rest untaught. */
function coverage(month = "2026-05", unitId = "sla-muongbu", name = "Xã Mường Bú"): CompetenceCoverage {
  const taught: Partial<Record<string, CompetenceCoverage["items"][number]["courses"]>> = {
    // As the API sorts them: the most completed first.
    "cyber-safety": [NEIGHBOURS, SAFETY, FAMILY, ACCOUNTS],
    "dc-4.2": [SAFETY],
    payments: [PAYING],
    "dc-1.1": [PAYING],
  };
  return {
    unit: { unitId, name, kind: "commune" },
    members: 8,
    month,
    items: COMPETENCE_CODES.map((code) => {
      const courses = taught[code] ?? [];
      const learned = Math.max(0, ...courses.filter((c) => c.audience === "members").map((c) => c.completed));
      const basic = !code.startsWith("dc-");
      return {
        code,
        kind: basic ? "basic" : "digcomp",
        courses,
        learnedAtLeast: learned,
        percent: Math.floor((100 * learned) / 8),
        ...(basic
          ? { helped: code === "cyber-safety" ? (month === "2026-05" ? { people: 12, sessions: 4 } : { people: 2, sessions: 1 }) : { people: 0, sessions: 0 } }
          : {}),
      };
    }),
  };
}

function show(path: string, user: { id: string; roles: string[]; unitId: string }, status = 200) {
  return renderAdmin({
    path,
    routes: [{ path: "/admin/units/:unitId/competences", component: CompetencesScreen }],
    user,
    replies: (url) => {
      const [route = "", query = ""] = url.replace("/api/v1", "").split("?");
      if (route === "/admin/units/sla-muongbu") return { status: 200, body: MUONG_BU };
      if (route === "/admin/units/sla-muongbu-banbo") return { status: 200, body: BAN_BO };
      if (route === "/admin/units/sla-muongbu/competences") {
        if (status !== 200) return { status, body: { error: { code: "internal", message: "Boom" } } };
        return { status: 200, body: coverage(new URLSearchParams(query).get("month") ?? "2026-05") };
      }
      if (route === "/admin/units/sla-muongbu-banbo/competences") return { status: 200, body: coverage("2026-05", "sla-muongbu-banbo", "Tổ CNSCĐ bản Bó") };
      return undefined;
    },
  });
}

const ADMIN = { id: "cc-admin", roles: ["admin"], unitId: "sla-muongbu" };

afterEach(() => localStorage.clear());

describe("skills learned", () => {
  it("shows the 5 basic skills with their members, courses and the month's field work", async () => {
    const { fetch } = show("/admin/units/sla-muongbu/competences", ADMIN);
    expect(await screen.findByRole("heading", { level: 2, name: "Kỹ năng đã học" })).toBeTruthy();
    expect(document.title).toContain("Xã Mường Bú – Kỹ năng đã học");
    expect(screen.getByText("Xã Mường Bú: 8 thành viên")).toBeTruthy();
    expect(screen.getByText(/Số thành viên đã hoàn thành ít nhất một khoá dạy kỹ năng này/)).toBeTruthy();
    expect(askedFor(fetch)).toContain("/api/v1/admin/units/sla-muongbu/competences");

    const basic = screen.getByRole("region", { name: "5 kỹ năng số cơ bản" });
    const skills = within(basic)
      .getAllByRole("heading", { level: 3 })
      .map((heading) => heading.textContent);
    expect(skills).toEqual([
      "Dịch vụ công trực tuyến",
      "Mua bán trực tuyến",
      "Thanh toán trực tuyến",
      "An toàn trên không gian mạng",
      "Nền tảng số khác ở địa phương",
    ]);
    const safety = within(basic).getByRole("heading", { level: 3, name: "An toàn trên không gian mạng" }).closest("li")!;
    expect(within(safety as HTMLElement).getByText("37%")).toBeTruthy();
    expect(within(safety as HTMLElement).getByText(/3\/8 thành viên đã học/)).toBeTruthy();
    expect(within(safety as HTMLElement).getByText("An toàn trên mạng")).toBeTruthy();
    expect(within(safety as HTMLElement).getByText("3 người hoàn thành")).toBeTruthy();
    expect(within(safety as HTMLElement).getByText("7 người hoàn thành")).toBeTruthy();
    expect(within(safety as HTMLElement).getByText("Khoá cho người dân")).toBeTruthy();
    // A long list shows three courses; the rest fold away.
    const more = within(safety as HTMLElement)
      .getByText("Xem thêm 1 khoá")
      .closest("details")!;
    expect(more.open).toBe(false);
    expect(within(more).getByText("Tài khoản an toàn")).toBeTruthy();
    expect(within(more).queryByText("Bảo vệ gia đình trên mạng")).toBeNull();
    expect(within(safety as HTMLElement).getByText("Tháng 05/2026: đã hướng dẫn 12 người dân, 4 lượt")).toBeTruthy();
    expect(safety.classList.contains("cc-item--gap")).toBe(false);

    // Taught but unlearned, and untaught: each says so in words, and is marked.
    const payments = within(basic).getByRole("heading", { level: 3, name: "Thanh toán trực tuyến" }).closest("li")!;
    expect(within(payments as HTMLElement).getByText("Chưa ai học")).toBeTruthy();
    expect(within(payments as HTMLElement).getByText(/0\/8 thành viên đã học/)).toBeTruthy();
    expect(payments.classList.contains("cc-item--gap")).toBe(true);
    const services = within(basic).getByRole("heading", { level: 3, name: "Dịch vụ công trực tuyến" }).closest("li")!;
    expect(within(services as HTMLElement).getByText("Chưa có khoá nào dạy kỹ năng này")).toBeTruthy();
    expect(within(services as HTMLElement).getByText("Tháng 05/2026: chưa hướng dẫn người dân nào")).toBeTruthy();
    expect(services.classList.contains("cc-item--gap")).toBe(true);
  });

  it("groups DigComp by area, gaps first, and counts the gaps", async () => {
    show("/admin/units/sla-muongbu/competences", ADMIN);
    const digcomp = await screen.findByRole("region", { name: "Khung năng lực số DigComp 2.2" });
    expect(
      within(digcomp)
        .getAllByRole("heading", { level: 3 })
        .map((heading) => heading.textContent),
    ).toEqual([
      "Lĩnh vực 1: Thông tin và dữ liệu",
      "Lĩnh vực 2: Giao tiếp và hợp tác",
      "Lĩnh vực 3: Sáng tạo nội dung số",
      "Lĩnh vực 4: An toàn",
      "Lĩnh vực 5: Giải quyết vấn đề",
    ]);
    expect(within(digcomp).getByText("Chưa có khoá dạy: 19 năng lực")).toBeTruthy();
    expect(within(digcomp).getByText("Có khoá nhưng chưa ai học: 1 năng lực")).toBeTruthy();

    const safety = within(digcomp).getByRole("region", { name: "Lĩnh vực 4: An toàn" });
    const items = within(safety)
      .getAllByRole("listitem")
      .filter((li) => li.parentElement?.classList.contains("cc-list"));
    // The learned one last: the three untaught ones come first, in framework order.
    expect(items.map((li) => li.querySelector(".cc-item__name")?.textContent)).toEqual([
      "4.1 Bảo vệ thiết bị",
      "4.3 Bảo vệ sức khoẻ và an sinh",
      "4.4 Bảo vệ môi trường",
      "4.2 Bảo vệ dữ liệu cá nhân và quyền riêng tư",
    ]);
    expect(within(items[0]!).getByText("Chưa có khoá nào dạy kỹ năng này")).toBeTruthy();
    expect(within(items[3]!).getByText("37%")).toBeTruthy();
    expect(within(items[3]!).getByText("1 khoá dạy kỹ năng này")).toBeTruthy();
    expect(within(items[3]!).getByText("An toàn trên mạng")).toBeTruthy();

    const information = within(digcomp).getByRole("region", { name: "Lĩnh vực 1: Thông tin và dữ liệu" });
    const taughtUnlearned = within(information).getByText("1.1 Duyệt, tìm kiếm và lọc dữ liệu, thông tin, nội dung số").closest("li")!;
    expect(within(taughtUnlearned as HTMLElement).getByText("Chưa ai học")).toBeTruthy();
    expect(taughtUnlearned.classList.contains("cc-item--gap")).toBe(true);
  });

  it("asks for another month when one is picked, and keeps it in the address", async () => {
    const { fetch, history } = show("/admin/units/sla-muongbu/competences", ADMIN);
    const picker = (await screen.findByLabelText("Tháng hướng dẫn người dân")) as HTMLInputElement;
    expect(picker.value).toBe("2026-05");
    fireEvent.change(picker, { target: { value: "2026-04" } });
    await waitFor(() => expect(askedFor(fetch)).toContain("/api/v1/admin/units/sla-muongbu/competences?month=2026-04"));
    expect(await screen.findByText("Tháng 04/2026: đã hướng dẫn 2 người dân, 1 lượt")).toBeTruthy();
    expect(history.get()).toContain("month=2026-04");
  });

  it("is linked from the unit's sections, for a team's leader too", async () => {
    show("/admin/units/sla-muongbu-banbo/competences", { id: "cc-leader", roles: ["team-leader", "member"], unitId: "sla-muongbu-banbo" });
    const nav = await screen.findByRole("navigation", { name: "Các mục của đơn vị" });
    const link = within(nav).getByRole("link", { name: "Kỹ năng đã học" });
    expect(link.getAttribute("href")).toBe("/admin/units/sla-muongbu-banbo/competences");
    expect(link.getAttribute("aria-current")).toBe("page");
    expect(await screen.findByText("Tổ CNSCĐ bản Bó: 8 thành viên")).toBeTruthy();
  });

  it("says so when the figures cannot be loaded, with a retry", async () => {
    show("/admin/units/sla-muongbu/competences", ADMIN, 500);
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("button", { name: "Thử lại" })).toBeTruthy();
  });

  it("reads in English", async () => {
    const english = await loadLanguage("en");
    renderAdmin({
      path: "/admin/units/sla-muongbu/competences",
      routes: [{ path: "/admin/units/:unitId/competences", component: CompetencesScreen }],
      user: { id: "cc-admin-en", roles: ["admin"], unitId: "sla-muongbu" },
      english,
      replies: (url) => (url.endsWith("/admin/units/sla-muongbu") ? { status: 200, body: MUONG_BU } : { status: 200, body: coverage() }),
    });
    expect(await screen.findByRole("heading", { level: 2, name: "Skills learned" })).toBeTruthy();
    expect(screen.getByRole("heading", { level: 3, name: "Protecting oneself online" })).toBeTruthy();
    expect(screen.getByRole("heading", { level: 3, name: "Area 4: Safety" })).toBeTruthy();
    expect(screen.getByText("05/2026: helped 12 residents, 4 sessions")).toBeTruthy();
    expect(screen.getAllByText("No course teaches this skill yet").length).toBeGreaterThan(0);
    expect(screen.getByRole("link", { name: "Skills learned" })).toBeTruthy();
  });
});
