import type { CourseQuestionAnalytics } from "@kns/core/model";
import { ApiError, NetworkError, type ApiClient } from "../../lib/api";
import type { AuthoringCourse, Content, Draft, Preview, PublishRequest, PublishRequestDetail, PublishRequestState, StoredMedia, VersionInfo } from "./model";

/** The authoring API (packages/api/src/routes/authoring.ts), one function per endpoint. */
export function authoring(api: ApiClient) {
  const base = (id: string) => `/authoring/courses/${encodeURIComponent(id)}`;
  return {
    list: () => api.request<{ items: AuthoringCourse[] }>("/authoring/courses").then((r) => r.items),
    create: (id: string, content: Content) => api.request<Draft>("/authoring/courses", { body: { id, content } }),
    draft: (id: string) => api.request<Draft>(`${base(id)}/draft`),
    save: (id: string, content: Content, baseRevision: number) => api.request<Draft>(`${base(id)}/draft`, { method: "PUT", body: { content, baseRevision } }),
    /**
     * Images (already compressed on the phone) go through the API; audio and video go straight to storage
     * through a short-lived signed URL, then the server checks what arrived. Ten minutes for slow links.
     */
    upload: async (id: string, file: Blob): Promise<StoredMedia> => {
      if (file.type.startsWith("image/") || file.type === "text/vtt") return api.request<StoredMedia>(`${base(id)}/media`, { body: file, timeoutMs: 600_000 });
      const ticket = await api.request<{ uploadId: string; uploadUrl: string; headers: Record<string, string> }>(`${base(id)}/uploads`, {
        body: { contentType: file.type, bytes: file.size },
      });
      const put = await fetch(ticket.uploadUrl, { method: "PUT", headers: ticket.headers, body: file, signal: AbortSignal.timeout(600_000) }).catch(
        (error: unknown) => {
          throw new NetworkError(error instanceof DOMException && error.name === "TimeoutError");
        },
      );
      if (!put.ok) {
        const body = (await put.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
        throw new ApiError(put.status, body?.error?.code ?? "upload.refused", body?.error?.message ?? `The file was not accepted (${put.status}).`);
      }
      return api.request<StoredMedia>(`${base(id)}/uploads/${ticket.uploadId}/complete`, { method: "POST" });
    },
    preview: (id: string, content: Content, signal?: AbortSignal) => api.request<Preview>(`${base(id)}/preview`, { body: { content }, signal }),
    publish: (id: string, input: { changeSummary: string; requiresRecertification: boolean; draftRevision: number }) =>
      api.request<{ courseId: string; version: number; line: number; changeSummary: string; publishedAt: string }>(`${base(id)}/publish`, { body: input }),
    /** A certifying course is published by four eyes: ask, and a second person approves (docs/authoring.md). */
    requestPublish: (id: string, input: { changeSummary: string; requiresRecertification: boolean; draftRevision: number }) =>
      api.request<PublishRequestState>(`${base(id)}/publish-requests`, { body: input }),
    reviewQueue: () => api.request<{ items: PublishRequest[] }>("/authoring/publish-requests").then((r) => r.items),
    publishRequest: (requestId: string) => api.request<PublishRequestDetail>(`/authoring/publish-requests/${encodeURIComponent(requestId)}`),
    approve: (requestId: string) =>
      api.request<{ request: PublishRequestState; version: number }>(`/authoring/publish-requests/${encodeURIComponent(requestId)}/approve`, {
        method: "POST",
      }),
    returnRequest: (requestId: string, comment: string) =>
      api.request<PublishRequestState>(`/authoring/publish-requests/${encodeURIComponent(requestId)}/return`, { body: { comment } }),
    versions: (id: string) => api.request<{ items: VersionInfo[] }>(`${base(id)}/versions`).then((r) => r.items.sort((a, b) => b.version - a.version)),
    withdraw: (id: string, version: number) => api.request<unknown>(`${base(id)}/versions/${version}/withdraw`, { method: "POST" }),
    duplicate: (id: string, input: { id: string; title?: string; audience?: "members" | "citizens" }) =>
      api.request<Draft>(`${base(id)}/duplicate`, { body: input }),
    /** Per question of the current version: answers, share right, discrimination, option shares, flags. */
    analytics: (id: string) => api.request<CourseQuestionAnalytics>(`${base(id)}/analytics`),
    bundle: (id: string, version?: number) => api.request<unknown>(`${base(id)}/bundle${version ? `?version=${version}` : ""}`),
  };
}

export type Authoring = ReturnType<typeof authoring>;

/** Saves a JSON value as a file download (the course bundle). */
export function downloadJson(value: unknown, fileName: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
