import { sanitizeText } from '../contracts/redactSecrets';

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/**
 * Escapes untrusted text for Markdown prose and table cells: HTML cannot be injected, Markdown
 * syntax (links, emphasis, headings, tables, code) is neutralised, and a line break cannot start a
 * new block.
 */
export function escapeMarkdown(text: string, max = 2000): string {
  return (
    sanitizeText(text, max)
      .replace(/[&<>"]/g, c => HTML[c])
      .replace(/[\\`*_{}[\]()#!|~^$]/g, c => `\\${c}`)
      .replace(/\r?\n/g, ' ')
      // A leading list marker, setext underline or ordered-list number would start a block.
      .replace(/^(\s*)([-+=>]|\d+[.)])/, '$1\\$2')
  );
}

/** For inline code spans: backticks and line breaks removed, so the span cannot be closed early. */
export function escapeCode(text: string, max = 500): string {
  return sanitizeText(text, max).replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

/**
 * Mermaid labels: only a safe character set survives, so no directive (`%%{init}`), no
 * `click` callbacks, no HTML and no statement separators can be smuggled in.
 */
export function escapeMermaid(text: string, max = 80): string {
  const safe = sanitizeText(text, 400)
    .replace(/[^A-Za-z0-9 ._/=+,'()-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}
