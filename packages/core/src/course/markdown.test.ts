import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

describe("lesson Markdown", () => {
  it("renders the safe subset", () => {
    const html = renderMarkdown("### Bước 1\n\n**Mở** ứng dụng *VNeID*.\n\n- Một\n- Hai\n\n> Lưu ý\n\n[Cổng DVC](https://dichvucong.gov.vn)");
    expect(html).toContain("<h3>Bước 1</h3>");
    expect(html).toContain("<strong>Mở</strong>");
    expect(html).toContain("<li>Một</li>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain('href="https://dichvucong.gov.vn" rel="noopener noreferrer" target="_blank"');
  });

  it.each([
    ["<script>alert(1)</script>", "<script"],
    ['<img src=x onerror="alert(1)">', "<img"],
    ["[bấm](javascript:alert(1))", 'href="javascript'],
    ["![ảnh](https://x/y.png)", "<img"],
    ['<a href="https://x" onclick="steal()">x</a>', 'onclick="'],
    ["[x](data:text/html;base64,PHNjcmlwdD4=)", 'href="data:'],
  ])("neutralises %s", (source, forbidden) => {
    expect(renderMarkdown(source)).not.toContain(forbidden);
  });
});
