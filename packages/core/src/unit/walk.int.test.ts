import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { Seed } from "../seed";
import { mustGet, subtree, subtreeSize, walkSubtree } from "./index";

beforeAll(async () => {
  await Seed.demo();
});

/** Counts the queries core's client sends while `run` runs. */
async function countingQueries<T>(run: (sent: () => number) => Promise<T>): Promise<T> {
  const { doc } = db();
  let sent = 0;
  const name = "count-queries";
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "QueryCommand") sent++;
      return next(args);
    },
    { step: "initialize", name },
  );
  try {
    return await run(() => sent);
  } finally {
    doc.middlewareStack.remove(name);
  }
}

describe("walking a subtree (exports walk the nation this way)", () => {
  it("yields the units subtree() returns, in the same path order, page after page", async () => {
    const nation = await mustGet("vn");
    const all = await subtree(nation);
    expect(all.length).toBeGreaterThan(6);
    const walked = [];
    for await (const unit of walkSubtree(nation, { pageSize: 2 })) walked.push(unit);
    expect(walked).toEqual(all);
    expect(await subtreeSize(nation)).toBe(all.length);
    const province = await mustGet("sla");
    expect(await subtreeSize(province)).toBe((await subtree(province)).length);
  });

  it("reads the next page while the walker is on this one, and no further ahead", async () => {
    const nation = await mustGet("vn");
    await countingQueries(async (sent) => {
      const walk = walkSubtree(nation, { pageSize: 2 });
      expect((await walk.next()).done).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The first page, and the second asked for before the first unit was handed over.
      expect(sent()).toBe(2);
      await walk.next();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sent()).toBe(2);
      // Stopping early waits for the page in flight and sends nothing more.
      await walk.return(undefined);
      expect(sent()).toBe(2);
    });
  });
});
