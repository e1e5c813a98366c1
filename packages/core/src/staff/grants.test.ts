import { describe, expect, it } from "vitest";
import { grantsOf, rolesWith } from "./grants";

describe("grants of accounts from before per-unit roles", () => {
  it("reads admin, team leader and trainer from roles and unit", () => {
    expect(grantsOf({ roles: ["admin"], unitId: "sla" })).toEqual([{ unitId: "sla", role: "admin" }]);
    expect(grantsOf({ roles: ["team-leader", "member"], unitId: "t1" })).toEqual([{ unitId: "t1", role: "team-leader" }]);
    expect(grantsOf({ roles: ["trainer"], unitId: null })).toEqual([{ unitId: "vn", role: "trainer" }]);
    expect(grantsOf({ roles: ["member"], unitId: "t1" })).toEqual([]);
    expect(grantsOf({ roles: ["super-admin"], unitId: null })).toEqual([]);
  });

  it("prefers the written-down grants, even when there are none", () => {
    expect(grantsOf({ roles: ["admin"], unitId: "sla", grants: [] })).toEqual([]);
  });
});

describe("roles that go with grants", () => {
  it("names staff roles held anywhere, and team leader only for one's own team", () => {
    expect(rolesWith({ roles: ["member"], unitId: "t1" }, [{ unitId: "t2", role: "team-leader" }])).toEqual(["member"]);
    expect(rolesWith({ roles: ["member"], unitId: "t1" }, [{ unitId: "t1", role: "team-leader" }])).toEqual(["member", "team-leader"]);
    expect(
      rolesWith({ roles: [], unitId: "c1" }, [
        { unitId: "c1", role: "admin" },
        { unitId: "p1", role: "trainer" },
      ]),
    ).toEqual(["trainer", "admin"]);
  });

  it("keeps a leader who stops leading counted as a member, and keeps other roles", () => {
    expect(rolesWith({ roles: ["team-leader"], unitId: "t1" }, [])).toEqual(["member"]);
    expect(rolesWith({ roles: ["super-admin", "admin"], unitId: null }, [])).toEqual(["super-admin"]);
  });
});
