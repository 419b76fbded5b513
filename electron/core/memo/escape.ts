/**
 * The memo's escapes: every string that comes from a user or a data file (slice names, owners,
 * rationales, run and project names) passes through one of these before it is written.
 */

const HTML_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);

/** Text safe in HTML and SVG text content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES.get(c) as string);
}

/**
 * Text safe inside a Markdown paragraph, list item or table cell (never at the start of a line):
 * every ASCII punctuation mark that Markdown or GFM gives a meaning inline (emphasis, code, links,
 * images, raw HTML, entities, strikethrough, table pipes) is backslash-escaped, and line breaks
 * become spaces so a cell stays on its row.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|&~!()]/g, '\\$&').replace(/\r\n?|\n|\u2028|\u2029/g, ' ');
}
