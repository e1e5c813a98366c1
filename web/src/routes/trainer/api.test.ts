import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "../../lib/api";
import { authoring } from "./api";

describe("authoring API client", () => {
  it("uploads a file as its raw bytes with its own type, and the draft as JSON with its base revision", async () => {
    const fetch = vi.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) =>
        new Response(JSON.stringify({ src: "media/abc.webp", bytes: 3, contentType: "image/webp", url: "/api/v1/media/abc.webp" }), { status: 201 }),
    );
    const api = authoring(createApiClient({ tokens: { current: () => ({ accessToken: "a", refreshToken: "r" }), save: () => {}, clear: () => {} }, fetch }));
    const file = new Blob([new Uint8Array([1, 2, 3])], { type: "image/webp" });
    await api.upload("an-toan", file);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/api/v1/authoring/courses/an-toan/media");
    expect(init?.method).toBe("POST");
    expect((init!.headers as Record<string, string>)["content-type"]).toBe("image/webp");
    expect((init!.headers as Record<string, string>).authorization).toBe("Bearer a");
    expect(init?.body).toBe(file);

    await api.save("an-toan", { title: "T", summary: "S", topic: "other", audience: "members", language: "vi", tags: [], modules: [] }, 4);
    const [saveUrl, saveInit] = fetch.mock.calls[1]!;
    expect(saveUrl).toBe("/api/v1/authoring/courses/an-toan/draft");
    expect(saveInit?.method).toBe("PUT");
    expect((saveInit!.headers as Record<string, string>)["content-type"]).toBe("application/json");
    expect(JSON.parse(saveInit?.body as string)).toMatchObject({ baseRevision: 4, content: { title: "T" } });
  });
});
