import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

/** One fenced code block of a markdown file. */
export interface CodeBlock {
  /** The file, relative to the repository root. */
  readonly file: string;
  /** The 1-based line of the block's first code line (the line after the opening fence). */
  readonly line: number;
  /** The language: the first word of the info string (`ts`, `yaml`, `sh`, ...). */
  readonly lang: string;
  /** `key=value` words after the language (`fixture=none`). */
  readonly attributes: Record<string, string>;
  /** The code, its common indentation removed (blocks inside list items are indented). */
  readonly code: string;
}

/** Every markdown file a user or contributor reads: README.md, CONTRIBUTING.md, examples/README.md and docs/**.md. */
export function documentationFiles(root: string = ROOT): string[] {
  const docs = path.join(root, 'docs');
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : entry.name.endsWith('.md') ? [full] : [];
  });
  const top = ['README.md', 'CONTRIBUTING.md', path.join('examples', 'README.md')].map(f => path.join(root, f)).filter(f => fs.existsSync(f));
  return [...top, ...(fs.existsSync(docs) ? walk(docs).sort() : [])].map(f => path.relative(root, f));
}

/** The fenced code blocks (``` or ~~~) of a markdown text, in order. */
export function codeBlocks(markdown: string, file: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '');
    if (end === -1) throw new Error(`${file}:${i + 1}: code block never closed`);
    const body = lines.slice(i + 1, end).map(l => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    const attributes = Object.fromEntries(rest.trim().split(/\s+/).filter(w => w.includes('=')).map(w => w.split('=', 2) as [string, string]));
    blocks.push({ file, line: i + 2, lang, attributes, code: body.join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

/** The code blocks of a file relative to the repository root. */
export function codeBlocksOf(file: string, root: string = ROOT): CodeBlock[] {
  return codeBlocks(fs.readFileSync(path.join(root, file), 'utf-8'), file);
}

/**
 * The first code block of a language after a heading (or any text) of a markdown file: tests run
 * the documented examples, so the documentation cannot drift from what works.
 */
export function blockAfter(file: string, marker: string, lang: string, root: string = ROOT): string {
  const text = fs.readFileSync(path.join(root, file), 'utf-8');
  const start = text.indexOf(marker);
  if (start === -1) throw new Error(`${file} has no "${marker}"`);
  const line = text.slice(0, start).split('\n').length;
  const block = codeBlocks(text, file).find(b => b.line >= line && b.lang === lang);
  if (!block) throw new Error(`${file} has no ${lang} block after "${marker}"`);
  return block.code;
}
