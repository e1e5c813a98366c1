import { render } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../lib/api";
import type { Authoring } from "../api";
import type { Content, Draft } from "../model";
import { content, draft, offlineAuthoring } from "../test-content";
import { createEditor, editsKey, type Editor } from "./state";

function setup(api: Partial<Authoring> = {}, start: Draft = draft()) {
  let editor!: Editor;
  render(() => {
    editor = createEditor("an-toan", start, { ...offlineAuthoring, ...api } as Authoring);
    return null;
  });
  return editor;
}

/** The server answers with the same content, keys in its own (schema) order. */
function reordered(value: Content): Content {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) =>
      item && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).reverse()) : item,
    ),
  ) as Content;
}

describe("editor state", () => {
  it("keeps unsaved edits on the device and forgets them once saved", async () => {
    const save = vi.fn(async (_id: string, saved: Content, base: number) => ({ ...draft(reordered(saved), base + 1) }));
    const editor = setup({ save });
    expect(editor.dirty()).toBe(false);
    editor.set(["title"], "An toàn mạng cho người dân");
    expect(editor.dirty()).toBe(true);
    expect(JSON.parse(localStorage.getItem(editsKey("an-toan"))!)).toMatchObject({ baseRevision: 3, content: { title: "An toàn mạng cho người dân" } });

    expect(await editor.save()).toBe(true);
    expect(save).toHaveBeenCalledWith("an-toan", expect.objectContaining({ title: "An toàn mạng cho người dân" }), 3);
    expect(editor.revision()).toBe(4);
    expect(editor.dirty()).toBe(false);
    expect(localStorage.getItem(editsKey("an-toan"))).toBeNull();
    expect(editor.notice()).toMatchObject({ tone: "ok", key: "save.done" });
  });

  it("does not send a draft the server would refuse, and says why", async () => {
    const save = vi.fn();
    const editor = setup({ save });
    editor.set(["modules", 0, "lessons", 0, "title"], "  ");
    expect(await editor.save()).toBe(false);
    expect(save).not.toHaveBeenCalled();
    expect(editor.notice()).toMatchObject({ tone: "error", key: "save.blocked", params: { n: 1 } });
    expect(editor.attempted()).toBe(true);
  });

  it("on a conflict keeps the edits and offers both ways out", async () => {
    const newer = draft({ ...content(), title: "Bản của người khác" }, 5);
    const save = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(409, "course.draft_changed", "Someone else changed this draft"))
      .mockImplementation(async (_id: string, saved: Content) => draft(saved, 6));
    const editor = setup({ save, draft: vi.fn(async () => newer) });
    editor.set(["summary"], "Bản của tôi.");
    expect(await editor.save()).toBe(false);
    expect(editor.conflict()).toBe(true);
    expect(editor.content.summary).toBe("Bản của tôi.");
    expect(localStorage.getItem(editsKey("an-toan"))).toContain("Bản của tôi.");

    expect(await editor.overwrite()).toBe(true);
    expect(save).toHaveBeenLastCalledWith("an-toan", expect.objectContaining({ summary: "Bản của tôi." }), 5);
    expect(editor.conflict()).toBe(false);
    expect(editor.revision()).toBe(6);
  });

  it("taking the other draft puts mine aside, and it can come back", async () => {
    const newer = draft({ ...content(), title: "Bản của người khác" }, 5);
    const editor = setup({ draft: vi.fn(async () => newer) });
    editor.set(["summary"], "Bản của tôi.");
    await editor.loadLatest();
    expect(editor.content.title).toBe("Bản của người khác");
    expect(editor.dirty()).toBe(false);
    expect(editor.hasBackup()).toBe(true);
    editor.restoreBackup();
    expect(editor.content.summary).toBe("Bản của tôi.");
    expect(editor.dirty()).toBe(true);
  });
});
