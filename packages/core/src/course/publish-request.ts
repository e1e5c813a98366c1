import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { db } from "../db/client";
import { queryPartition, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import type { PublishRequest, PublishRequestDetail, PublishRequestState } from "../model";
import { fullNames } from "../user/store";
import { courseKeys } from "./course.entity";
import { contentDiff } from "./diff";
import { problems } from "./draft";
import { PublishInput, publishVersion, publishedRevision } from "./publish";
import { CourseId } from "./schema";
import { NATION, assertMayEdit, covers, mayRead, ownerOf, type CourseScopes } from "./scope";
import { getDraft, getMeta, getVersion, notFound, type Actor, type Meta, type Version } from "./store";

/**
 * Four-eyes publishing (docs/authoring.md): a trainer asks to publish one exact draft revision; a second
 * person — another trainer or an admin of the course's scope — reads the change summary and the diff of
 * questions and answers, then approves (which publishes) or returns it with a comment. Every step is audited,
 * and each is safe to repeat.
 */

/** The stored request: its state plus what it asks for. Ids are `<courseId>.<n>`, so the course is known from the id. */
interface Stored extends PublishRequestState {
  courseId: string;
  owner: string;
  changeSummary: string;
  requiresRecertification: boolean;
}

export const ReturnInput = z.object({
  comment: z.string().check(z.trim(), z.minLength(3, "Say what should change"), z.maxLength(1000)),
});

const requestNotFound = () => new VisibleError("publish_request.not_found");

function parseId(id: string): { courseId: string; n: number } | undefined {
  const match = /^([a-z0-9][a-z0-9-]{1,59})\.([1-9][0-9]{0,5})$/.exec(id);
  return match && CourseId.safeParse(match[1]).success ? { courseId: match[1]!, n: Number(match[2]) } : undefined;
}

async function getStored(id: string): Promise<Stored | undefined> {
  const parsed = parseId(id);
  if (!parsed) return undefined;
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: courseKeys.publishRequest(parsed.courseId, id), ConsistentRead: true }));
  return Item ? (withoutKeys(Item) as unknown as Stored) : undefined;
}

const stateOf = ({ courseId: _c, owner: _o, changeSummary: _s, requiresRecertification: _r, ...state }: Stored): PublishRequestState => state;

/** The request and its course, for someone who may see it (trainers and reviewers in scope); 404 for anyone else. */
async function visible(id: string, scopes: CourseScopes): Promise<{ request: Stored; meta: Meta }> {
  const request = await getStored(id);
  const meta = request && (await getMeta(request.courseId));
  if (!request || !meta || !mayRead(scopes, meta)) throw requestNotFound();
  return { request, meta };
}

/** Reviewing needs the course's scope (else 403 once the request is visible) and someone other than the author. */
function assertMayReview(scopes: CourseScopes, request: Stored, actor: Actor) {
  if (!covers(scopes.reviews, request.owner)) throw new VisibleError("auth.forbidden", "You cannot review courses of this scope.");
  if (request.requestedBy === actor.userId) throw new VisibleError("publish_request.own_request");
}

/**
 * Asks to publish a draft revision. Asking again for the same revision returns the same request (pending or
 * already approved); asking for a newer revision replaces a pending one, which leaves the review queue.
 */
export async function requestPublish(courseId: string, raw: z.input<typeof PublishInput>, actor: Actor, scopes: CourseScopes): Promise<PublishRequestState> {
  const input = PublishInput.parse(raw);
  const [meta, draft] = await Promise.all([getMeta(courseId), getDraft(courseId)]);
  if (!meta || !draft) throw notFound();
  assertMayEdit(scopes, meta);
  const last = meta.publishRequest;
  if (last && last.draftRevision === input.draftRevision && (last.status === "pending" || last.status === "approved")) return last;
  if (await publishedRevision(meta, input.draftRevision)) throw new VisibleError("publish_request.closed", "This draft revision is already published.");
  if (draft.revision !== input.draftRevision) {
    throw new VisibleError("course.draft_changed", "The draft changed since you reviewed it. Review it again before asking to publish.", {
      details: { currentRevision: draft.revision },
    });
  }
  const found = problems(draft);
  if (found.length)
    throw new VisibleError("course.not_publishable", `This draft cannot be published yet: ${found[0]!.code} at ${found[0]!.path}.`, { details: found });

  const n = (meta.requestCount ?? 0) + 1;
  const now = new Date().toISOString();
  const owner = ownerOf(meta);
  const request: Stored = {
    id: `${courseId}.${n}`,
    status: "pending",
    draftRevision: draft.revision,
    requestedBy: actor.userId,
    requestedAt: now,
    courseId,
    owner,
    changeSummary: input.changeSummary,
    requiresRecertification: input.requiresRecertification,
  };
  const { doc, table } = db();
  const replaced = last?.status === "pending" ? last : undefined;
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { ...courseKeys.publishRequest(courseId, request.id), ...courseKeys.openRequest(owner, now), ...request },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Update: {
            TableName: table,
            Key: courseKeys.meta(courseId),
            UpdateExpression: "SET publishRequest = :request, requestCount = :n",
            ConditionExpression: "attribute_not_exists(requestCount) OR requestCount = :prev",
            ExpressionAttributeValues: { ":request": stateOf(request), ":n": n, ":prev": n - 1 },
          },
        },
        ...(replaced
          ? [
              {
                Update: {
                  TableName: table,
                  Key: courseKeys.publishRequest(courseId, replaced.id),
                  UpdateExpression: "SET #status = :replaced REMOVE gsi1pk, gsi1sk",
                  ConditionExpression: "#status = :pending",
                  ExpressionAttributeNames: { "#status": "status" },
                  ExpressionAttributeValues: { ":replaced": "replaced", ":pending": "pending" },
                },
              },
            ]
          : []),
        Audit.entryPut(actor, "course.publish_request", "courses", courseId, {
          requestId: request.id,
          draftRevision: request.draftRevision,
          changeSummary: request.changeSummary,
          owner,
          ...(replaced ? { replaces: replaced.id } : {}),
        }),
      ],
    }),
  );
  return stateOf(request);
}

/** The review queue: pending requests of every course this person reviews, oldest first. */
export async function reviewQueue(scopes: CourseScopes): Promise<PublishRequest[]> {
  const partitions = scopes.reviews.includes(NATION) ? [undefined] : scopes.reviews.map((owner) => `${owner}#`);
  const found = (
    await Promise.all(partitions.map((prefix) => queryPartition<Record<string, unknown>>(courseKeys.openRequestPartition, { index: "gsi1", prefix })))
  ).flat();
  return withNames(found.map((item) => withoutKeys(item) as unknown as Stored));
}

async function withNames(requests: Stored[]): Promise<PublishRequest[]> {
  const [names, metas] = await Promise.all([fullNames(requests.map((r) => r.requestedBy)), Promise.all(requests.map((r) => getMeta(r.courseId)))]);
  return requests.map((request, i) => ({
    ...request,
    courseTitle: metas[i]?.title ?? request.courseId,
    requesterName: names.get(request.requestedBy) ?? null,
  }));
}

/** One request with the diff of its draft against the published version; `stale` once the draft moved on. */
export async function getRequest(id: string, scopes: CourseScopes): Promise<PublishRequestDetail> {
  const { request, meta } = await visible(id, scopes);
  const [draft, published] = await Promise.all([getDraft(request.courseId), latestPublished(meta)]);
  if (!draft) throw requestNotFound();
  const [named] = await withNames([request]);
  return {
    ...named!,
    stale: request.status === "pending" && draft.revision !== request.draftRevision,
    currentRevision: draft.revision,
    diff: contentDiff(published?.content, draft.content, published?.version ?? 0),
  };
}

/** Reviewers compare with what learners get now: the newest version not withdrawn. */
async function latestPublished(meta: Meta): Promise<Version | undefined> {
  return meta.latestVersion > 0 ? getVersion(meta.id, meta.latestVersion) : undefined;
}

/**
 * Approves a request and publishes its draft revision in the same transaction. Approving again returns the
 * version it became; a draft edited after the request is refused (409 `publish_request.stale`).
 */
export async function approve(id: string, actor: Actor, scopes: CourseScopes): Promise<{ request: PublishRequestState; version: number }> {
  const { request } = await visible(id, scopes);
  assertMayReview(scopes, request, actor);
  if (request.status === "approved") return { request: stateOf(request), version: request.version! };
  if (request.status !== "pending") throw new VisibleError("publish_request.closed");
  const draft = await getDraft(request.courseId);
  if (!draft || draft.revision !== request.draftRevision) {
    throw new VisibleError("publish_request.stale", undefined, { details: { requestedRevision: request.draftRevision, currentRevision: draft?.revision } });
  }
  const reviewedAt = new Date().toISOString();
  const approved: PublishRequestState = { ...stateOf(request), status: "approved", reviewedBy: actor.userId, reviewedAt };
  const { table } = db();
  try {
    const version = await publishVersion(
      request.courseId,
      { changeSummary: request.changeSummary, requiresRecertification: request.requiresRecertification, draftRevision: request.draftRevision },
      actor,
      {
        request: approved,
        items: (version) => [
          {
            Update: {
              TableName: table,
              Key: courseKeys.publishRequest(request.courseId, id),
              UpdateExpression: "SET #status = :approved, reviewedBy = :by, reviewedAt = :at, version = :version REMOVE gsi1pk, gsi1sk",
              ConditionExpression: "#status = :pending",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":approved": "approved", ":by": actor.userId, ":at": reviewedAt, ":pending": "pending", ":version": version },
            },
          },
          Audit.entryPut(actor, "course.publish_request.approve", "courses", request.courseId, { requestId: id, requestedBy: request.requestedBy }),
        ],
      },
    );
    return { request: { ...approved, version: version.version }, version: version.version };
  } catch (err) {
    // Two approvals raced: the loser answers with what the winner published.
    const now = await getStored(id);
    if (now?.status === "approved") return { request: stateOf(now), version: now.version! };
    throw err;
  }
}

/** Returns a request to its author with a comment. Returning it again (same reviewer) answers with the same state. */
export async function returnRequest(id: string, raw: z.input<typeof ReturnInput>, actor: Actor, scopes: CourseScopes): Promise<PublishRequestState> {
  const { comment } = ReturnInput.parse(raw);
  const { request } = await visible(id, scopes);
  assertMayReview(scopes, request, actor);
  if (request.status === "returned" && request.reviewedBy === actor.userId) return stateOf(request);
  if (request.status !== "pending") throw new VisibleError("publish_request.closed");
  const reviewedAt = new Date().toISOString();
  const returned: PublishRequestState = { ...stateOf(request), status: "returned", reviewedBy: actor.userId, reviewedAt, comment };
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: courseKeys.publishRequest(request.courseId, id),
            UpdateExpression: "SET #status = :returned, reviewedBy = :by, reviewedAt = :at, #comment = :comment REMOVE gsi1pk, gsi1sk",
            ConditionExpression: "#status = :pending",
            ExpressionAttributeNames: { "#status": "status", "#comment": "comment" },
            ExpressionAttributeValues: { ":returned": "returned", ":by": actor.userId, ":at": reviewedAt, ":comment": comment, ":pending": "pending" },
          },
        },
        {
          // The author's copy on the course, unless a newer request already replaced this one.
          Update: {
            TableName: table,
            Key: courseKeys.meta(request.courseId),
            UpdateExpression: "SET publishRequest = :request",
            ConditionExpression: "publishRequest.id = :id",
            ExpressionAttributeValues: { ":request": returned, ":id": id },
          },
        },
        Audit.entryPut(actor, "course.publish_request.return", "courses", request.courseId, { requestId: id, requestedBy: request.requestedBy, comment }),
      ],
    }),
  );
  return returned;
}
