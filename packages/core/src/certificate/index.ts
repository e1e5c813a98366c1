export * as Certificate from "./index";
export { formatCode, normaliseCode } from "./code";

import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Audit } from "../audit";
import type { Competence, MyCertificates, Verification as ContractVerification } from "../model";
import type { Session } from "../auth";
import { assertCanOversee, isAdmin, requireRole } from "../auth/scope";
import { Course } from "../course";
import { objects } from "../storage";
import { db } from "../db/client";
import { queryPartition, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import type { Unit } from "../unit";
import type { User } from "../user";
// The user module's store, not its namespace (which loads Progress, which loads this module).
import { getStored } from "../user/store";
import { certificateKeys } from "./certificate.entity";
import { generateCode, normaliseCode } from "./code";
import { publicKeyRaw, signFacts, type SignedFacts } from "./signature";

export interface Info extends SignedFacts {
  /** Absent once the holder deleted their account. */
  userId?: string;
  holderDeleted?: boolean;
  line: number;
  unitId: string;
  unitName: string;
  signature: string;
  status: "valid" | "revoked";
  revokedAt?: string;
  revokedReason?: string;
  /**
   * The competences the course version teaches (model/competence.ts), listed on the certificate. Not among the
   * signed facts: the signed course and version determine them. Absent on certificates from before tags.
   */
  competences?: Competence[];
}

/** The items that issue a certificate inside the transaction that completes the course. */
export function issueItems(
  user: User.Info,
  unit: Unit.Info | undefined,
  course: { courseId: string; courseTitle: string; version: number; line: number; competences: Competence[] },
  issuedAt: string,
) {
  const code = generateCode();
  const facts: SignedFacts = { code, holderName: user.fullName, courseId: course.courseId, courseTitle: course.courseTitle, version: course.version, issuedAt };
  const certificate: Info = {
    ...facts,
    userId: user.id,
    line: course.line,
    unitId: unit?.id ?? "",
    unitName: unit?.name ?? "",
    signature: signFacts(facts),
    status: "valid",
    ...(course.competences.length ? { competences: course.competences } : {}),
  };
  const { table } = db();
  return {
    certificate,
    items: [
      { Put: { TableName: table, Item: { ...certificateKeys.certificate(code), ...certificate }, ConditionExpression: "attribute_not_exists(pk)" } },
      {
        Put: {
          TableName: table,
          Item: {
            ...certificateKeys.holder(user.id, course.courseId, course.line),
            code,
            courseId: course.courseId,
            courseTitle: course.courseTitle,
            version: course.version,
            line: course.line,
            issuedAt,
            ...(course.competences.length ? { competences: course.competences } : {}),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ],
  };
}

export async function get(code: string): Promise<Info | undefined> {
  const normal = normaliseCode(code);
  if (!normal) return undefined;
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: certificateKeys.certificate(normal) }));
  return Item ? (withoutKeys(Item) as unknown as Info) : undefined;
}

/** A certificate as its holder's list keeps it (GET /me/certificates, less what is worked out on reading). */
export type HeldCertificate = Omit<MyCertificates["items"][number], "recertificationAvailable">;

export async function listForUser(userId: string): Promise<(HeldCertificate & { recertificationAvailable: boolean })[]> {
  const items = await queryPartition<Record<string, unknown>>(certificateKeys.holderPartition(userId), { prefix: certificateKeys.holderPrefix });
  const held = items.map((item) => withoutKeys(item) as unknown as HeldCertificate);
  const newest = new Map<string, number>();
  for (const c of held) newest.set(c.courseId, Math.max(newest.get(c.courseId) ?? 0, c.line));
  // Holders are told when a newer version asks for re-certification (their newest line is behind).
  return Promise.all(
    held.map(async (c) => ({ ...c, recertificationAvailable: c.line === newest.get(c.courseId) && (await newerLineExists(c.courseId, c.line)) })),
  );
}

/** "Lò Thị Hương" → "Lò T. H…g": recognisable to the holder, not a full name for strangers. */
export function maskName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  if (words.length === 1) return `${words[0]!.slice(0, 1)}***`;
  const last = words[words.length - 1]!;
  const middle = words.slice(1, -1).map((w) => `${w.slice(0, 1)}.`);
  return [words[0], ...middle, `${last.slice(0, 1)}***`].join(" ");
}

/** What a certificate says of a holder who deleted their account (the certificate itself stays verifiable). */
export const DELETED_HOLDER = "(người học đã xoá tài khoản)";
const LEGACY_DELETED_HOLDER = "(đã xoá theo yêu cầu)";
const holderDeleted = (certificate: Info) => Boolean(certificate.holderDeleted) || certificate.holderName === LEGACY_DELETED_HOLDER;

/**
 * The holder deleted their account: the certificate keeps its facts but loses the name and the link to the
 * person, and its cached PDFs (which print the name) are removed. Safe to repeat.
 */
export async function forgetHolder(code: string): Promise<void> {
  const { doc, table } = db();
  await doc
    .send(
      new UpdateCommand({
        TableName: table,
        Key: certificateKeys.certificate(code),
        UpdateExpression: "SET holderName = :removed, holderDeleted = :yes REMOVE userId",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":removed": DELETED_HOLDER, ":yes": true },
      }),
    )
    .catch((err: Error) => {
      if (err.name !== "ConditionalCheckFailedException") throw err;
    });
  await Promise.all((["valid", "revoked"] as const).map((status) => objects().remove(pdfKey(code, status))));
}

const pdfKey = (code: string, status: Info["status"]) => `certificates/${code}-${status}.pdf`;

/** What anyone may see when checking a code (shape shared with the web app in contract.ts). */
export type Verification = ContractVerification;

export async function verify(code: string): Promise<Verification> {
  const certificate = await get(code);
  if (!certificate)
    throw new VisibleError("certificate.not_found", "No certificate has this code. Check the code and try again.", { details: { valid: false } });
  return {
    valid: certificate.status === "valid",
    status: certificate.status,
    code: certificate.code,
    holderName: holderDeleted(certificate) ? DELETED_HOLDER : maskName(certificate.holderName),
    ...(holderDeleted(certificate) ? { holderDeleted: true } : {}),
    courseTitle: certificate.courseTitle,
    courseId: certificate.courseId,
    version: certificate.version,
    issuedAt: certificate.issuedAt,
    unitName: certificate.unitName,
    line: certificate.line,
    earlierVersion: await newerLineExists(certificate.courseId, certificate.line),
    ...(certificate.competences?.length ? { competences: certificate.competences } : {}),
    ...(certificate.status === "revoked" ? { revokedAt: certificate.revokedAt, revokedReason: certificate.revokedReason } : {}),
  };
}

async function newerLineExists(courseId: string, line: number) {
  const meta = await Course.getMeta(courseId);
  if (!meta || meta.latestVersion < 1) return false;
  const latest = await Course.getVersion(courseId, meta.latestVersion);
  return Boolean(latest && latest.line > line);
}

/**
 * Revokes a certificate with a reason, for an admin over the holder's unit; audited under the unit it was issued
 * in. Revoking twice changes nothing.
 */
export async function revoke(code: string, reason: string, viewer: Session, actor: Audit.Actor): Promise<Info> {
  requireRole(viewer, "admin", "super-admin");
  const certificate = await forAdmin(code, viewer);
  if (certificate.status === "revoked") return certificate;
  const revokedAt = new Date().toISOString();
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: certificateKeys.certificate(certificate.code),
            UpdateExpression: "SET #status = :revoked, revokedAt = :at, revokedReason = :reason",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":revoked": "revoked", ":at": revokedAt, ":reason": reason },
          },
        },
        Audit.entryPut(actor, "certificate.revoke", certificate.unitId, certificate.code, { reason }),
      ],
    }),
  );
  return { ...certificate, status: "revoked", revokedAt, revokedReason: reason };
}

export { publicKeyRaw };

/**
 * Which unit's admins oversee a certificate: the holder's current unit (a member who moved is overseen where
 * they are now), or the unit it was issued in when the holder is gone.
 */
export async function overseeingUnit(certificate: Info): Promise<string | undefined> {
  const holder = certificate.userId ? await getStored(certificate.userId) : undefined;
  return holder?.unitId || certificate.unitId || undefined;
}

/** The certificate, if this session may act on it as an admin; "not found" otherwise. */
export async function forAdmin(code: string, viewer: Session): Promise<Info> {
  const certificate = await get(code);
  const notFound = new VisibleError("certificate.not_found", "No certificate has this code.");
  if (!certificate || !isAdmin(viewer)) throw notFound;
  const unitId = await overseeingUnit(certificate);
  if (!unitId) throw notFound;
  await assertCanOversee(viewer, unitId).catch(() => {
    throw notFound;
  });
  return certificate;
}

/**
 * The PDF, for the holder or an admin over the holder's current unit; anyone else gets "not found". Rendered
 * once and cached in object storage (revoked certificates are re-rendered with the revocation mark).
 */
export async function pdfFor(code: string, viewer: Session, baseUrl: string): Promise<Uint8Array> {
  const own = await get(code);
  const certificate = own && own.userId === viewer.userId ? own : await forAdmin(code, viewer);
  const key = pdfKey(certificate.code, certificate.status);
  const cached = await objects().get(key);
  if (cached) return cached.body;
  const { renderPdf } = await import("./pdf");
  const pdf = await renderPdf(certificate, baseUrl);
  await objects().put(key, pdf, "application/pdf");
  return pdf;
}
