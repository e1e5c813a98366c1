import { describe, expect, it } from "vitest";
import { partitionQuery } from "./query";

describe("partitionQuery", () => {
  it("reads a whole partition of the table", () => {
    expect(partitionQuery("USER#u1")).toEqual({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "USER#u1" } });
  });

  it("names the index's key attributes and the sort-key prefix", () => {
    expect(partitionQuery("MEMBERS#t1", { index: "gsi1", prefix: "lò", limit: 5 })).toEqual({
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
      ExpressionAttributeValues: { ":pk": "MEMBERS#t1", ":prefix": "lò" },
      Limit: 5,
    });
    expect(partitionQuery("UNITTREE", { index: "gsi2", prefix: "/vn/" }).KeyConditionExpression).toBe("gsi2pk = :pk AND begins_with(gsi2sk, :prefix)");
  });

  it("takes a sort-key range, newest first, and a projection through attribute names", () => {
    expect(
      partitionQuery("UNIT#sla", { between: ["DAILY#2026-11-01", "DAILY#~"], descending: true, attributes: ["version", "line"], consistent: true }),
    ).toEqual({
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
      ExpressionAttributeValues: { ":pk": "UNIT#sla", ":from": "DAILY#2026-11-01", ":to": "DAILY#~" },
      ProjectionExpression: "#a0, #a1",
      ExpressionAttributeNames: { "#a0": "version", "#a1": "line" },
      ScanIndexForward: false,
      ConsistentRead: true,
    });
  });

  it("refuses a prefix and a range together", () => {
    expect(() => partitionQuery("UNIT#sla", { prefix: "STATS", between: ["A", "B"] })).toThrow();
  });
});
