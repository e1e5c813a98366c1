import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../db/client";
import { Unit } from "./index";

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const FORMAT = new RegExp(`^SONLA-[${ALPHABET}]{6}$`);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("join codes", () => {
  it("are drawn without Math.random, in the unit's format, and do not repeat", () => {
    const mathRandom = vi.spyOn(Math, "random");
    const codes = Array.from({ length: 1000 }, () => Unit.newJoinCode("TEAM-SONLA"));
    expect(mathRandom).not.toHaveBeenCalled();
    expect(codes.filter((code) => !FORMAT.test(code))).toEqual([]);
    // 31^6 codes: two of 1,000 coincide about once in 1,800 runs, three or more almost never.
    expect(new Set(codes).size).toBeGreaterThanOrEqual(999);
    expect(new Set(codes.flatMap((code) => [...code.slice(-6)])).size).toBe(ALPHABET.length);
  });

  it("keeps the first six characters of the unit code's last part", () => {
    expect(Unit.newJoinCode("SLA-MUONGBU-BANBO")).toMatch(/^BANBO-[A-Z2-9]{6}$/);
    expect(Unit.newJoinCode("DEMOTEAMLONG")).toMatch(/^DEMOTE-[A-Z2-9]{6}$/);
  });

  it("are what rotateJoinCode stores", async () => {
    const stub = mockClient(db().doc as DynamoDBDocumentClient);
    try {
      stub.on(GetCommand).resolves({ Item: { id: "t1", code: "TEAM-SONLA", name: "Tổ bản Bó", kind: "team", parentId: "c1", path: "/t1/" } });
      stub.on(TransactWriteCommand).resolves({});
      const mathRandom = vi.spyOn(Math, "random");
      const code = await Unit.rotateJoinCode("t1", { userId: "u1" });
      expect(mathRandom).not.toHaveBeenCalled();
      expect(code).toMatch(FORMAT);
      const [write] = stub.commandCalls(TransactWriteCommand);
      expect(JSON.stringify(write!.args[0].input)).toContain(code);
    } finally {
      stub.restore();
    }
  });
});
