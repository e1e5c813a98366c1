import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { AwsStub } from "aws-sdk-client-mock";
import { runJob } from "../../packages/api/src/jobs";
import { db } from "../../packages/core/src/db/client";
import { Job } from "../../packages/core/src/job";
import { type MessageKind, NOTIFY_LIMITS } from "../../packages/core/src/model";
import { Notify } from "../../packages/core/src/notify";
import { Reminder } from "../../packages/core/src/reminder";
import { Unit } from "../../packages/core/src/unit";
import { User } from "../../packages/core/src/user";
import { importTestCourse } from "../fixtures/course";
import { vietnamClock } from "./vietnam-clock";
import { fault, injectFault } from "./fault-injection";
import { recordReads } from "./reads";
import { call, seedDemo, signIn } from "./client";

/**
 * Reminders at scale: the tick only plans (once a day per campaign) and queues batches of teams as `reminders`
 * jobs; each batch reads its teams, claims and sends. Through the real table; the phone network is a stand-in SMS
 * channel that records what it was given and can be told to fail.
 */

interface Sent {
  phone: string;
  kind: MessageKind;
  text: string;
}
const sent: Sent[] = [];
/** Phones whose next SMS fails once. */
const failOnce = new Set<string>();
const stubSms: Notify.Channel = {
  name: "sms",
  available: () => true,
  async send(to, message) {
    if (failOnce.delete(to.phone)) throw new Notify.ChannelError("sms", "provider down");
    sent.push({ phone: to.phone, kind: message.kind, text: message.text });
  },
};

const { today, at, inDays } = vietnamClock();
const e164 = (phone: string) => `+84${phone.slice(1)}`;
const to = (phone: string) => sent.filter((message) => message.phone === e164(phone));

let slaAdmin: string;
let phoneSeq = 0;

/** A commune of `teams` teams with `perTeam` members each, all agreeing to SMS reminders. */
async function commune(code: string, teams: number, perTeam: number) {
  const unit = await Unit.create({ code, name: `Xã ${code}`, kind: "commune", parentId: "sla" });
  const teamIds: string[] = [];
  const phones: string[] = [];
  const userIds: string[] = [];
  for (let t = 0; t < teams; t++) {
    const team = await Unit.create({ code: `${code}-${t}`, name: `Tổ ${code} ${t}`, kind: "team", parentId: unit.id });
    teamIds.push(team.id);
    for (let m = 0; m < perTeam; m++) {
      const phone = `0387${String(++phoneSeq).padStart(6, "0")}`;
      const user = await User.ensure({
        phone,
        fullName: `Thành Viên ${String(phoneSeq).replace(/\d/g, (d) => "abcdefghij"[Number(d)]!)}`,
        password: "NhacViec2026",
        roles: ["member"],
        unitId: team.id,
      });
      await Notify.setChannel(user.id, "sms", { enabled: true, consentVersion: "2026-12" });
      phones.push(phone);
      userIds.push(user.id);
    }
  }
  return { id: unit.id, teamIds, phones, userIds };
}

async function campaign(unitId: string, title: string, dueInDays = 7) {
  const created = await call("POST", "/admin/campaigns", {
    token: slaAdmin,
    body: { unitId, courseIds: ["batched"], startsOn: today, dueOn: inDays(dueInDays), targetPercent: 80, title },
  });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

async function jobOf(id: string) {
  return Job.get<Reminder.BatchParams, Reminder.BatchResult>(id);
}

let stub: AwsStub<any, any, any> | undefined;
/** Fails the first `times` commands of `command` that match `when`, as a crash of the worker there would. */
function inject(command: unknown, times: number, when: (input: any) => boolean) {
  stub = injectFault(command, fault("InternalServerError"), times, when);
}

beforeAll(async () => {
  Notify.useChannels([stubSms]);
  await seedDemo();
  await importTestCourse("batched");
  slaAdmin = (await signIn("0912000003")).accessToken;
});

afterEach(() => {
  stub?.restore();
  stub = undefined;
  Job.runLocally(runJob);
});

afterAll(() => Notify.useChannels());

// Generous: the machines these run on are shared, and 55 teams of members take a while to create. No test here
// measures time.
describe("the reminder tick at scale", { timeout: 180_000 }, () => {
  let big: Awaited<ReturnType<typeof commune>>;
  let batchIds: string[] = [];

  beforeAll(async () => {
    // The day's first tick also decides last month's team badges, which reads teams: done before the campaign.
    Job.runLocally(runJob);
    await Reminder.tick(at(0, 8));
    await Job.idle();
    big = await commune("LON", Reminder.TEAMS_PER_BATCH + 5, 1);
    await campaign(big.id, "Chiến dịch lớn");
  }, 300_000);

  it("queues the due learners in batches of teams and sends nothing itself, nor reads any learner", async () => {
    // Nothing runs the queue: what the tick itself does is all there is.
    Job.runLocally(undefined);
    const { value: tick, inputs } = await recordReads(() => Reminder.tick(at(0, 9)));
    expect(tick.planned).toBe(1);
    expect(tick.batches).toBe(2);
    batchIds = tick.batchIds;
    expect(sent).toHaveLength(0);
    // The tick read the unit tree (and the daily snapshot's counters), never a team's members or progress.
    expect(inputs.some((input) => input.includes("UNITTREE"))).toBe(true);
    expect(inputs.some((input) => input.includes("MEMBERS#") || input.includes("UNITPROGRESS#"))).toBe(false);
    const jobs = await Promise.all(batchIds.map(jobOf));
    expect(jobs.map((job) => job?.status)).toEqual(["queued", "queued"]);
    expect(jobs.map((job) => job!.params.teams.length)).toEqual([Reminder.TEAMS_PER_BATCH, 5]);
    expect(jobs.flatMap((job) => job!.params.teams.map((team) => team.id)).sort()).toEqual([...big.teamIds].sort());
  });

  it("does not plan a campaign again the same day: later ticks read no team and queue nothing", async () => {
    Job.runLocally(undefined);
    for (const time of [at(0, 9, 15), at(0, 14), at(0, 20, 45)]) {
      const { value: tick, inputs } = await recordReads(() => Reminder.tick(time));
      expect(tick.campaigns).toBeGreaterThanOrEqual(1);
      expect(tick.planned).toBe(0);
      expect(tick.batches).toBe(0);
      for (const teamId of big.teamIds) expect(inputs.some((input) => input.includes(teamId))).toBe(false);
      expect(inputs.some((input) => input.includes("MEMBERS#") || input.includes("UNITPROGRESS#"))).toBe(false);
      // Nor the tree under the campaign: the unit tree is read when a campaign is planned, once a day.
      expect(inputs.some((input) => input.includes("UNITTREE"))).toBe(false);
    }
    expect(sent).toHaveLength(0);
  });

  it("a batch run twice, at once and again, sends each reminder once", async () => {
    const runs = await Promise.allSettled([...batchIds, ...batchIds].map((id) => Reminder.runBatch(id)));
    // Two runs of one batch at once may meet on a person's channel: the one that loses fails, to be retried.
    for (const id of batchIds) if ((await jobOf(id))?.status !== "done") await Reminder.runBatch(id);
    expect(runs).toHaveLength(4);
    for (const id of batchIds) await Reminder.runBatch(id);
    // And the queue's own copies of the messages, run when a runner is there again.
    Job.runLocally(runJob);
    await Job.enqueue({ kind: "reminders", id: batchIds[0]! });
    await Job.idle();
    for (const phone of big.phones)
      expect(
        to(phone).map((m) => m.kind),
        phone,
      ).toEqual(["reminder.due"]);
    expect(sent).toHaveLength(big.phones.length);
    const results = await Promise.all(batchIds.map(jobOf));
    expect(results.every((job) => job?.status === "done")).toBe(true);
  });

  it("a batch whose sending fails mid-way is retried, and every reminder arrives exactly once", async () => {
    const small = await commune("LOI", 3, 2);
    await campaign(small.id, "Chiến dịch lỗi");
    // The provider refuses one member's SMS; the database fails after another's went out (before the claim is
    // marked delivered), as a worker stopping there would.
    failOnce.add(e164(small.phones[0]!));
    let crashes = 0;
    inject(UpdateCommand, 1, (input) => String(input.Key?.pk).startsWith("REMINDER#") && String(input.Key?.pk).includes(small.userIds[1]!) && ++crashes > 0);
    const before = sent.length;
    const tick = await Reminder.tick(at(0, 10));
    expect(tick.batches).toBe(1);
    await Job.idle();
    stub?.restore();
    stub = undefined;
    const failedRun = await jobOf(tick.batchIds[0]!);
    expect(failedRun?.status).toBe("running");
    expect(failedRun?.result?.failed).toBe(2);
    expect(crashes).toBe(1);
    // The local queue runs the batch again after 2 s, as SQS does after its visibility timeout.
    await expect.poll(async () => (await jobOf(tick.batchIds[0]!))?.status, { timeout: 15_000, interval: 250 }).toBe("done");
    for (const phone of small.phones)
      expect(
        to(phone).map((m) => m.kind),
        phone,
      ).toEqual(["reminder.due"]);
    expect(sent.length - before).toBe(small.phones.length);
  });

  it("a claim whose delivery never started (the worker stopped) is delivered by the batch's retry", async () => {
    const lone = await commune("DUNG", 1, 2);
    await campaign(lone.id, "Chiến dịch dừng");
    // Notify.deliver's first write (the message record) fails: the reminder is claimed and counted, not sent.
    inject(PutCommand, 1, (input) => String(input.Item?.pk).startsWith(`MESSAGE#`) && String(input.Item?.pk).includes(lone.userIds[0]!));
    const tick = await Reminder.tick(at(0, 10, 30));
    await Job.idle();
    stub?.restore();
    stub = undefined;
    expect(to(lone.phones[0]!)).toHaveLength(0);
    expect(to(lone.phones[1]!)).toHaveLength(1);
    await expect.poll(async () => (await jobOf(tick.batchIds[0]!))?.status, { timeout: 15_000, interval: 250 }).toBe("done");
    for (const phone of lone.phones)
      expect(
        to(phone).map((m) => m.kind),
        phone,
      ).toEqual(["reminder.due"]);
  });

  it("holds the weekly cap across batches, even run at once", async () => {
    const capped = await commune("TRAN", 1, 2);
    Job.runLocally(undefined);
    const ids: string[] = [];
    // Three campaigns over the same team, each planned by its own tick: three batches, three due reminders each.
    for (const [i, title] of ["Một", "Hai", "Ba"].entries()) {
      await campaign(capped.id, `Chiến dịch ${title}`);
      const tick = await Reminder.tick(at(0, 11, i));
      expect(tick.planned).toBe(1);
      ids.push(...tick.batchIds);
    }
    expect(ids).toHaveLength(3);
    await Promise.allSettled(ids.map((id) => Reminder.runBatch(id)));
    for (const id of ids) if ((await jobOf(id))?.status !== "done") await Reminder.runBatch(id);
    for (const phone of capped.phones)
      expect(
        to(phone).map((m) => m.kind),
        phone,
      ).toEqual(Array(NOTIFY_LIMITS.remindersPerWeek).fill("reminder.due"));
    const results = await Promise.all(ids.map(jobOf));
    expect(results.reduce((total, job) => total + (job?.result?.capped ?? 0), 0)).toBeGreaterThanOrEqual(capped.phones.length);
  });

  it("a team whose read fails does not stop the batch: the others are reminded, the retry does that team", async () => {
    const split = await commune("TACH", 2, 1);
    await campaign(split.id, "Chiến dịch tách");
    Job.runLocally(undefined);
    const tick = await Reminder.tick(at(0, 12));
    expect(tick.batches).toBe(1);
    const id = tick.batchIds[0]!;
    const [first, second] = (await jobOf(id))!.params.teams.map((team) => team.id);
    const phoneOf = (teamId: string) => split.phones[split.teamIds.indexOf(teamId)]!;
    // The first team's members cannot be read (the database fails once there).
    inject(QueryCommand, 1, (input) => JSON.stringify(input).includes(first!));
    await expect(Reminder.runBatch(id)).rejects.toThrow(/not delivered/);
    stub?.restore();
    stub = undefined;
    expect(to(phoneOf(first!))).toHaveLength(0);
    expect(to(phoneOf(second!)).map((m) => m.kind)).toEqual(["reminder.due"]);
    expect((await jobOf(id))?.result?.failed).toBe(1);
    // The queue's retry reminds the team that failed, and nobody twice.
    await Reminder.runBatch(id);
    for (const phone of split.phones)
      expect(
        to(phone).map((m) => m.kind),
        phone,
      ).toEqual(["reminder.due"]);
    expect((await jobOf(id))?.status).toBe("done");
  });

  it("a campaign that cannot be planned does not stop the others, and the next tick plans it", async () => {
    const broken = await commune("HONG", 1, 1);
    const fine = await commune("TOT", 1, 1);
    const brokenId = await campaign(broken.id, "Chiến dịch hỏng");
    const fineId = await campaign(fine.id, "Chiến dịch tốt");
    Job.runLocally(undefined);
    // The broken campaign's daily snapshot fails to write.
    inject(PutCommand, 1, (input) => String(input.Item?.pk) === `CAMPAIGN#${brokenId}`);
    const first = await Reminder.tick(at(0, 12, 30));
    stub?.restore();
    stub = undefined;
    expect(first.failedCampaigns).toEqual([brokenId]);
    expect(first.planned).toBe(1);
    const queued = await Promise.all(first.batchIds.map(jobOf));
    expect(queued.flatMap((job) => job!.params.campaignIds)).toEqual([fineId]);
    expect(queued.flatMap((job) => job!.params.teams.map((team) => team.id))).toEqual(fine.teamIds);
    expect(queued.map((job) => job!.unitId)).toEqual([fine.id]);
    // Its marker was not written: the next tick plans it (and only it).
    const second = await Reminder.tick(at(0, 12, 45));
    expect(second.failedCampaigns).toEqual([]);
    expect(second.planned).toBe(1);
    const retried = await Promise.all(second.batchIds.map(jobOf));
    expect(retried.flatMap((job) => job!.params.campaignIds)).toEqual([brokenId]);
    expect(retried.map((job) => job!.unitId)).toEqual([broken.id]);
    for (const batchId of [...first.batchIds, ...second.batchIds]) await Reminder.runBatch(batchId);
    for (const phone of [...broken.phones, ...fine.phones])
      expect(
        to(phone).map((m) => m.kind),
        phone,
      ).toEqual(["reminder.due"]);
  });

  it("a tick that plans again queues only the batches whose message was never sent", async () => {
    const again = await commune("LAI", 1, 1);
    const campaignId = await campaign(again.id, "Chiến dịch lại");
    const messages: string[] = [];
    // A runner that only counts: the batches stay queued, as they would on a busy queue.
    Job.runLocally(async (message) => {
      if (message.kind === "reminders") messages.push(message.id);
    });
    const first = await Reminder.tick(at(0, 13));
    await Job.idle();
    expect(first.planned).toBe(1);
    const ours = () => messages.filter((id) => first.batchIds.includes(id));
    expect(ours()).toEqual(first.batchIds);
    expect((await jobOf(first.batchIds[0]!))?.enqueuedAt).toBeDefined();
    // The day's marker is lost (a tick that stopped before writing it): the next tick plans the campaign again,
    // finds the same job, and does not queue it a second time.
    await db().doc.send(new DeleteCommand({ TableName: db().table, Key: { pk: `REMINDERPLAN#${campaignId}`, sk: today } }));
    const second = await Reminder.tick(at(0, 13, 15));
    await Job.idle();
    expect(second.batchIds).toEqual(first.batchIds);
    expect(ours()).toEqual(first.batchIds);
    // A job recorded whose message never went (the tick stopped in between) is queued by the next plan.
    await db().doc.send(
      new UpdateCommand({
        TableName: db().table,
        Key: { pk: `JOB#${first.batchIds[0]}`, sk: "JOB" },
        UpdateExpression: "REMOVE enqueuedAt",
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
    await db().doc.send(new DeleteCommand({ TableName: db().table, Key: { pk: `REMINDERPLAN#${campaignId}`, sk: today } }));
    await Reminder.tick(at(0, 13, 30));
    await Job.idle();
    expect(ours()).toEqual([...first.batchIds, ...first.batchIds]);
    await Reminder.runBatch(first.batchIds[0]!);
    expect(to(again.phones[0]!).map((m) => m.kind)).toEqual(["reminder.due"]);
  });

  it("a campaign changed during the day is planned again the same day, and nobody is reminded twice", async () => {
    const moved = await commune("DOI", 1, 1);
    const campaignId = await campaign(moved.id, "Chiến dịch đổi", 9);
    Job.runLocally(undefined);
    const first = await Reminder.tick(at(0, 14));
    expect(first.planned).toBe(1);
    for (const id of first.batchIds) await Reminder.runBatch(id);
    // 9 days before the due date: nothing is owed today.
    expect(to(moved.phones[0]!)).toHaveLength(0);
    // The due date is moved to 7 days from today: the next tick plans it again, and the reminder is owed now.
    await db().doc.send(
      new UpdateCommand({
        TableName: db().table,
        Key: { pk: `CAMPAIGN#${campaignId}`, sk: "CAMPAIGN" },
        UpdateExpression: "SET dueOn = :due",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":due": inDays(7) },
      }),
    );
    const second = await Reminder.tick(at(0, 14, 15));
    expect(second.planned).toBe(1);
    expect(second.batchIds).not.toEqual(first.batchIds);
    for (const id of second.batchIds) await Reminder.runBatch(id);
    expect(to(moved.phones[0]!).map((m) => m.kind)).toEqual(["reminder.due"]);
    // Unchanged since: later ticks leave it alone.
    expect((await Reminder.tick(at(0, 14, 30))).planned).toBe(0);
  });

  it("a batch whose retries ran out is recorded as failed, and the next tick queues it again the same day", async () => {
    const stuck = await commune("KET", 1, 1);
    await campaign(stuck.id, "Chiến dịch kẹt");
    Job.runLocally(undefined);
    const tick = await Reminder.tick(at(0, 15));
    expect(tick.batches).toBe(1);
    const id = tick.batchIds[0]!;
    // Every receive of the message fails (the message record cannot be written), as many times as SQS tries.
    inject(PutCommand, 3, (input) => String(input.Item?.pk).startsWith("MESSAGE#") && String(input.Item?.pk).includes(stuck.userIds[0]!));
    for (let run = 0; run < 3; run++) await expect(Reminder.runBatch(id)).rejects.toThrow(/not delivered/);
    stub?.restore();
    stub = undefined;
    expect(to(stuck.phones[0]!)).toHaveLength(0);
    expect((await jobOf(id))?.status).toBe("failed");
    // The next tick (its message is in the dead-letter queue) queues it again, and its pending claim is delivered.
    Job.runLocally(runJob);
    const next = await Reminder.tick(at(0, 15, 15));
    expect(next.broadcasts).toBe(1);
    await Job.idle();
    expect(to(stuck.phones[0]!).map((m) => m.kind)).toEqual(["reminder.due"]);
    expect((await jobOf(id))?.status).toBe("done");
  });

  it("a batch that reaches quiet hours keeps its teams for 07:00, and they are reminded then, once", async () => {
    const late = await commune("MUON", 1, 1);
    const campaignId = await campaign(late.id, "Chiến dịch muộn", 8);
    const [teamId] = late.teamIds;
    // A batch planned in the evening whose run starts at 21:30 (a retry, a long queue).
    const id = await Reminder.queueBatch(
      { at: at(0, 21, 30).toISOString(), day: today, campaignIds: [campaignId], teams: [{ id: teamId!, campaigns: [0] }] },
      late.id,
    );
    await Job.idle();
    expect((await jobOf(id))?.result?.continuedAs).toBeDefined();
    expect(to(late.phones[0]!)).toHaveLength(0);
    expect((await Reminder.tick(at(1, 6, 59))).quiet).toBe(true);
    // 07:05 the next day: 7 days before the due date. The waiting teams and the day's own plan both cover the
    // member; the reminder goes once.
    const morning = await Reminder.tick(at(1, 7, 5));
    expect(morning.broadcasts).toBe(1);
    await Job.idle();
    expect(to(late.phones[0]!).map((m) => m.text)).toEqual([expect.stringContaining(`Còn 7 ngày đến hạn ${inDays(8).slice(8, 10)}/${inDays(8).slice(5, 7)}`)]);
  });

  it("a batch planned on a day the due reminder is owed, and run the next morning, still sends it", async () => {
    const owed = await commune("NO", 1, 1);
    // 7 days before the due date on the planned day (today); 6 the next morning.
    const campaignId = await campaign(owed.id, "Chiến dịch nợ", 7);
    const [teamId] = owed.teamIds;
    Job.runLocally(runJob);
    // Planned for today, but its run starts at 21:30 (a long queue): parked for the morning.
    const id = await Reminder.queueBatch(
      { at: at(0, 21, 30).toISOString(), day: today, campaignIds: [campaignId], teams: [{ id: teamId!, campaigns: [0] }] },
      owed.id,
    );
    await Job.idle();
    expect((await jobOf(id))?.result?.continuedAs).toBeDefined();
    expect(to(owed.phones[0]!)).toHaveLength(0);
    const morning = await Reminder.tick(at(1, 7, 10));
    expect(morning.broadcasts).toBe(1);
    await Job.idle();
    // The reminder owed yesterday goes, saying how many days are really left.
    const due = inDays(7);
    expect(to(owed.phones[0]!).map((m) => m.text)).toEqual([expect.stringContaining(`Còn 6 ngày đến hạn ${due.slice(8, 10)}/${due.slice(5, 7)}`)]);
  });

  it("a claim left pending on the planned day is delivered by a run on the next day", async () => {
    const pending = await commune("TREO", 1, 1);
    const campaignId = await campaign(pending.id, "Chiến dịch treo", 1);
    const [teamId] = pending.teamIds;
    Job.runLocally(undefined);
    // Planned and run yesterday evening (the day before the due date); the message record fails to write after
    // the claim, as a worker stopping there would.
    const params = { at: at(0, 20).toISOString(), day: today, campaignIds: [campaignId], teams: [{ id: teamId!, campaigns: [0] }] };
    const id = await Reminder.queueBatch(params, pending.id);
    inject(PutCommand, 1, (input) => String(input.Item?.pk).startsWith("MESSAGE#") && String(input.Item?.pk).includes(pending.userIds[0]!));
    await expect(Reminder.runBatch(id)).rejects.toThrow(/not delivered/);
    stub?.restore();
    stub = undefined;
    expect(to(pending.phones[0]!)).toHaveLength(0);
    // Its retries ran out; the dead-letter queue's message is redriven the next morning (the batch's clock moves
    // to then).
    await db().doc.send(
      new UpdateCommand({
        TableName: db().table,
        Key: { pk: `JOB#${id}`, sk: "JOB" },
        UpdateExpression: "SET params.#at = :at",
        ExpressionAttributeNames: { "#at": "at" },
        ExpressionAttributeValues: { ":at": at(1, 8).toISOString() },
      }),
    );
    await Reminder.runBatch(id);
    expect(to(pending.phones[0]!).map((m) => m.text)).toEqual([expect.stringContaining("Hôm nay")]);
    expect((await jobOf(id))?.status).toBe("done");
  });
});
