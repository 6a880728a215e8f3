/**
 * A tiny Markdown subset for incident notes and annotations, parsed into a tree that React renders as text nodes
 * (so every character of the input is escaped by construction; no HTML string is ever built from it).
 * Blocks: paragraphs, `#`–`###` headings, `-`/`*` and `1.` lists, ``` fenced code, `>` quotes.
 * Inline: `code`, **strong**, *emphasis* / _emphasis_, [text](https://…) links (http, https and mailto only).
 * Raw HTML is not markup here: `<b>` stays the four characters `<b>`.
 */

export type MarkdownInline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: MarkdownInline[] }
  | { type: 'em'; children: MarkdownInline[] }
  | { type: 'link'; href: string; children: MarkdownInline[] };

export type MarkdownBlock =
  | { type: 'paragraph'; children: MarkdownInline[] }
  | { type: 'heading'; level: 1 | 2 | 3; children: MarkdownInline[] }
  | { type: 'list'; ordered: boolean; items: MarkdownInline[][] }
  | { type: 'code'; text: string }
  | { type: 'quote'; children: MarkdownInline[] };

const safeHref = /^(https?:\/\/|mailto:)[^\s]+$/i;

/** Only absolute http(s) and mailto targets become links; `javascript:`, `data:` and relative targets stay text. */
export function isSafeHref(href: string): boolean {
  return safeHref.test(href.trim());
}

function pushText(into: MarkdownInline[], text: string): void {
  if (text === '') return;
  const last = into[into.length - 1];
  if (last?.type === 'text') last.text += text;
  else into.push({ type: 'text', text });
}

export function parseInline(source: string): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index]!;
    if (char === '\\' && index + 1 < source.length && /[\\`*_[\]()#>-]/.test(source[index + 1]!)) {
      pushText(out, source[index + 1]!);
      index += 2;
      continue;
    }
    if (char === '`') {
      const end = source.indexOf('`', index + 1);
      if (end > index + 1) {
        out.push({ type: 'code', text: source.slice(index + 1, end) });
        index = end + 1;
        continue;
      }
    }
    if (source.startsWith('**', index)) {
      const end = source.indexOf('**', index + 2);
      if (end > index + 2) {
        out.push({ type: 'strong', children: parseInline(source.slice(index + 2, end)) });
        index = end + 2;
        continue;
      }
    }
    if (char === '*' || char === '_') {
      const end = source.indexOf(char, index + 1);
      const inner = end > index + 1 ? source.slice(index + 1, end) : '';
      // Underscores inside words (snake_case, __dunder__) are never emphasis.
      const wordChar = /[\p{L}\p{N}_]/u;
      const intraword = char === '_' && (wordChar.test(source[index - 1] ?? '') || wordChar.test(source[end + 1] ?? '') || inner.startsWith('_'));
      if (inner !== '' && !intraword && !/^\s|\s$/.test(inner)) {
        out.push({ type: 'em', children: parseInline(inner) });
        index = end + 1;
        continue;
      }
    }
    if (char === '[') {
      const match = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(source.slice(index));
      if (match && isSafeHref(match[2]!)) {
        out.push({ type: 'link', href: match[2]!, children: parseInline(match[1]!) });
        index += match[0].length;
        continue;
      }
    }
    pushText(out, char);
    index += 1;
  }
  return out;
}

const headingPattern = /^(#{1,3})\s+(.*)$/;
const bulletPattern = /^\s*[-*]\s+(.*)$/;
const orderedPattern = /^\s*\d{1,9}[.)]\s+(.*)$/;
const quotePattern = /^\s*>\s?(.*)$/;

export function parseMarkdown(source: string): MarkdownBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === '') {
      flushParagraph();
      index += 1;
      continue;
    }
    if (line.trimStart().startsWith('```')) {
      flushParagraph();
      const code: string[] = [];
      index += 1;
      while (index < lines.length && !lines[index]!.trimStart().startsWith('```')) {
        code.push(lines[index]!);
        index += 1;
      }
      blocks.push({ type: 'code', text: code.join('\n') });
      index += 1; // the closing fence (or past the end when unclosed)
      continue;
    }
    const heading = headingPattern.exec(line);
    if (heading) {
      flushParagraph();
      blocks.push({ type: 'heading', level: heading[1]!.length as 1 | 2 | 3, children: parseInline(heading[2]!.trim()) });
      index += 1;
      continue;
    }
    const listPattern = bulletPattern.test(line) ? bulletPattern : orderedPattern.test(line) ? orderedPattern : null;
    if (listPattern) {
      flushParagraph();
      const items: MarkdownInline[][] = [];
      while (index < lines.length && listPattern.exec(lines[index]!)) {
        items.push(parseInline(listPattern.exec(lines[index]!)![1]!.trim()));
        index += 1;
      }
      blocks.push({ type: 'list', ordered: listPattern === orderedPattern, items });
      continue;
    }
    if (quotePattern.test(line)) {
      flushParagraph();
      const quoted: string[] = [];
      while (index < lines.length && quotePattern.test(lines[index]!)) {
        quoted.push(quotePattern.exec(lines[index]!)![1]!);
        index += 1;
      }
      blocks.push({ type: 'quote', children: parseInline(quoted.join(' ').trim()) });
      continue;
    }
    paragraph.push(line.trim());
    index += 1;
  }
  flushParagraph();
  return blocks;
}

/** The plain text of inline nodes (for titles, search and tests). */
export function inlineText(nodes: readonly MarkdownInline[]): string {
  return nodes.map((node) => (node.type === 'text' || node.type === 'code' ? node.text : inlineText(node.children))).join('');
}
