import type {
  AuditEntry,
  CourseCard,
  CourseQuestionAnalytics,
  UnitSearchResults,
  ExportStatus,
  ImportJobStatus,
  ImportOutcome,
  TeamMembers,
  Unit,
  UnitKind,
  UnitReport,
  User,
} from "@kns/core/model";
import type { ApiClient } from "../../../lib/api";
import { useSession } from "../../../lib/session";

export type UnitWithChildren = Unit & { children: Unit[] };
/** A member as the search answers: the user with the phone number masked. */
type FoundMember = User;
export type TeamMember = TeamMembers["members"][number];

interface NewUnit {
  id?: string;
  code: string;
  name: string;
  kind: UnitKind;
}

export interface ExportRequest {
  id: string;
  unitId: string;
  courseId?: string;
  /** The courses of a campaign (for a unit inside it). */
  campaignId?: string;
  format: "csv" | "xlsx";
  includePhones: boolean;
}

const at = (id: string) => encodeURIComponent(id);

/** The admin endpoints (packages/api/src/routes/admin.ts), typed from the shared contract. */
function adminApi(api: ApiClient) {
  return {
    unit: (unitId: string) => api.request<UnitWithChildren>(`/admin/units/${at(unitId)}`),
    report: (unitId: string, courseId?: string) =>
      api.request<UnitReport>(`/admin/units/${at(unitId)}/report${courseId ? `?courseId=${encodeURIComponent(courseId)}` : ""}`),
    members: (unitId: string) => api.request<TeamMembers>(`/admin/units/${at(unitId)}/members`),
    courses: () => api.request<{ items: CourseCard[] }>("/courses").then((body) => body.items),
    createChild: (parentId: string, unit: NewUnit) => api.request<Unit>(`/admin/units/${at(parentId)}/children`, { method: "POST", body: unit }),
    updateUnit: (unitId: string, change: { name?: string; parentId?: string }) =>
      api.request<Unit>(`/admin/units/${at(unitId)}`, { method: "PATCH", body: change }),
    rotateJoinCode: (unitId: string) => api.request<{ joinCode: string }>(`/admin/units/${at(unitId)}/join-code`, { method: "POST", body: {} }),
    audit: (unitId: string) => api.request<{ items: AuditEntry[] }>(`/admin/units/${at(unitId)}/audit`).then((body) => body.items),
    search: (unitId: string, query: string) =>
      api.request<{ items: FoundMember[] }>(`/admin/units/${at(unitId)}/search?q=${encodeURIComponent(query)}`).then((body) => body.items),
    /** Units of the subtree by name (issue 19). */
    unitSearch: (unitId: string, query: string) => api.request<UnitSearchResults>(`/admin/units/${at(unitId)}/unit-search?q=${encodeURIComponent(query)}`),
    /** Question analytics of a course for the nation or a province (issue 19). */
    questionAnalytics: (unitId: string, courseId: string) =>
      api.request<CourseQuestionAnalytics>(`/admin/units/${at(unitId)}/question-analytics?courseId=${encodeURIComponent(courseId)}`),
    updateMember: (userId: string, change: { unitId?: string; active?: boolean; roles?: ("member" | "team-leader")[] }) =>
      api.request<FoundMember>(`/admin/members/${at(userId)}`, { method: "PATCH", body: change }),
    resetCode: (userId: string) => api.request<{ code: string; expiresAt: string }>(`/admin/members/${at(userId)}/reset-code`, { method: "POST", body: {} }),
    activationCode: (userId: string) =>
      api.request<{ code: string; expiresAt: string }>(`/admin/members/${at(userId)}/activation-code`, { method: "POST", body: {} }),
    startExport: (request: ExportRequest) => api.request<{ id: string; status: ExportStatus["status"] }>("/admin/exports", { method: "POST", body: request }),
    exportStatus: (id: string) => api.request<ExportStatus>(`/admin/exports/${at(id)}`),
    /**
     * Small files are imported in the request; large ones come back as a background job (202 {id}), which is
     * polled until done, reporting its progress (0–100).
     */
    importMembers: async (csv: string, dryRun: boolean, onProgress?: (percent: number) => void): Promise<ImportOutcome> => {
      const answer = await api.request<ImportOutcome | { id: string; status: ImportJobStatus["status"] }>(`/admin/members/import?dryRun=${dryRun}`, {
        method: "POST",
        body: new Blob([csv], { type: "text/csv; charset=utf-8" }),
        // A province-wide list can take a while to check on a slow link.
        timeoutMs: 120_000,
      });
      if (!("id" in answer)) return answer;
      for (let wait = 500; ; wait = Math.min(wait * 1.5, 4000)) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        const job = await api.request<ImportJobStatus>(`/admin/imports/${at(answer.id)}`);
        onProgress?.(job.progress);
        if (job.status === "done" && job.result) return job.result;
        if (job.status === "failed") throw new Error(job.error ?? "import failed");
      }
    },
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

export function useAdminApi(): AdminApi {
  return adminApi(useSession().api);
}

/**
 * Unit names by id, filled as units are read, for breadcrumbs and search results. Kept per signed-in person
 * so one admin's names are never shown to the next person on a shared computer.
 */
const known = new Map<string, Unit>();
let knownFor: string | undefined;

export function rememberUnits(userId: string, units: Unit[]) {
  if (knownFor !== userId) {
    known.clear();
    knownFor = userId;
  }
  for (const unit of units) known.set(unit.id, unit);
}

export async function unitInfo(api: AdminApi, userId: string, unitId: string): Promise<Unit | undefined> {
  if (knownFor === userId && known.has(unitId)) return known.get(unitId);
  try {
    const unit = await api.unit(unitId);
    rememberUnits(userId, [unit, ...unit.children]);
    return unit;
  } catch {
    return undefined;
  }
}
