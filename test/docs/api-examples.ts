import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { CodeBlock, ROOT } from './markdown';

/**
 * The `@example` blocks of the library's doc comments, as code blocks the snippet compiler
 * type-checks like the documentation's (default fixture: the example runs in a Stack's
 * constructor). jsii copies them into `.jsii` and API.md shows them, so they must compile.
 */
export function apiExamples(root: string = ROOT): CodeBlock[] {
  return sourceFiles(path.join(root, 'src')).flatMap(file => examplesOf(file, root));
}

/** The library's TypeScript sources, handlers excluded (they are never exported). */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.lambda.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  }).sort();
}

function examplesOf(file: string, root: string): CodeBlock[] {
  const text = fs.readFileSync(file, 'utf-8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const relative = path.relative(root, file);
  const blocks: CodeBlock[] = [];
  const visit = (node: ts.Node) => {
    for (const tag of ts.getJSDocTags(node)) {
      if (tag.tagName.text !== 'example' || tag.parent.parent !== node) continue;
      blocks.push(exampleBlock(tag, source, relative));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // A tag is reachable from several nodes (a variable statement and its declaration): keep one.
  return blocks.filter((b, i) => blocks.findIndex(o => o.line === b.line) === i);
}

/** The example's code: the comment lines after `@example`, without their leading ` * `. */
function exampleBlock(tag: ts.JSDocTag, source: ts.SourceFile, file: string): CodeBlock {
  const start = tag.tagName.getEnd();
  const firstLine = source.getLineAndCharacterOfPosition(start).line;
  const lines = source.text.slice(start, tag.getEnd()).split('\n')
    .map(l => l.replace(/^\s*\*\/?\s?/, '').replace(/\s*\*\/\s*$/, ''));
  // The code starts on the line after the tag when the tag stands alone on its line.
  const sameLine = lines[0].trim() !== '';
  const code = (sameLine ? lines : lines.slice(1)).join('\n').replace(/\s+$/, '');
  return { file, line: firstLine + (sameLine ? 1 : 2), lang: 'ts', attributes: {}, code: `${code}\n` };
}
