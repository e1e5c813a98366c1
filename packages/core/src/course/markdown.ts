import MarkdownIt from "markdown-it";

/**
 * The safe Markdown subset for lessons: raw HTML is never passed through (html: false escapes it), links
 * must be http(s), and images are not allowed inline (image lessons carry their own alt text).
 * Rendered on the server at publish time; the app only ever receives this sanitised HTML.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false }).disable(["image", "table"]);

md.validateLink = (url: string) => /^https?:\/\//i.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet("rel", "noopener noreferrer");
  tokens[idx]!.attrSet("target", "_blank");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return md.render(source.normalize("NFC"));
}
