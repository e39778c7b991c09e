import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { CodeBlock, ROOT } from './markdown';

/**
 * Type-checks the TypeScript snippets of the documentation (see CONTRIBUTING.md, "Snippets in
 * the docs"). Each snippet becomes one module:
 *
 * - its own `import` statements at the top;
 * - then its fixture (`test/docs/fixtures/<name>.ts-fixture`, `default` unless the fence says
 *   `ts fixture=<name>`), without the fixture imports whose names the snippet imports itself;
 *   a fixture line `/// import the library` imports every export of the library (as
 *   'cdk-bedrock-cost-profiles') the snippet does not import;
 * - the rest of the snippet in place of the fixture's `/// here` line.
 *
 * `ts fixture=none` compiles the snippet as it is: a complete program, imports and all.
 * All snippets share one TypeScript program, so the check costs one compilation of the library.
 */

/** The package name snippets import the library by. */
export const LIBRARY = 'cdk-bedrock-cost-profiles';
const LIBRARY_ENTRY = path.join(ROOT, 'src', 'index.ts');
const FIXTURES = path.join(ROOT, 'test', 'docs', 'fixtures');
const HERE = '/// here';
const IMPORT_LIBRARY = '/// import the library';

/** One compiler message, placed in the markdown (or the fixture) it comes from. */
export interface SnippetProblem {
  /** The markdown file of the snippet. */
  readonly file: string;
  /** The markdown line of the problem (the snippet's first line for a problem in the fixture). */
  readonly line: number;
  /** The fixture, when the problem is in the fixture's own lines. */
  readonly inFixture?: string;
  readonly message: string;
}

/** `file.md:line: message`, the way the tests print a problem. */
export function formatProblem(p: SnippetProblem): string {
  return `${p.file}:${p.line}: ${p.inFixture ? `(in fixture ${p.inFixture}) ` : ''}${p.message}`;
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  strict: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
  paths: { [LIBRARY]: [LIBRARY_ENTRY] },
};

/** A generated module and, per line, the markdown line it came from. */
interface SnippetModule {
  readonly fileName: string;
  readonly text: string;
  readonly origins: Array<number | undefined>;
  readonly block: CodeBlock;
  readonly fixture: string;
}

/** Type-checks the TypeScript blocks (`ts`, `typescript`) among `blocks`; returns every problem. */
export function compileSnippets(blocks: CodeBlock[]): SnippetProblem[] {
  const snippets = blocks.filter(b => b.lang === 'ts' || b.lang === 'typescript');
  if (snippets.length === 0) return [];
  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const library = ts.createProgram([LIBRARY_ENTRY], COMPILER_OPTIONS, host);
  const libraryExports = exportsOf(library);
  const modules = snippets.map((block, i) => snippetModule(block, i, libraryExports));
  const byName = new Map(modules.map(m => [m.fileName, m]));

  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const module = byName.get(path.resolve(fileName));
    return module ? ts.createSourceFile(fileName, module.text, languageVersion, true) : getSourceFile(fileName, languageVersion, ...rest);
  };
  host.fileExists = f => byName.has(path.resolve(f)) || fileExists(f);
  host.readFile = f => byName.get(path.resolve(f))?.text ?? readFile(f);

  // Reusing the library's program keeps its source files parsed once.
  const program = ts.createProgram(modules.map(m => m.fileName), COMPILER_OPTIONS, host, library);
  const problems: SnippetProblem[] = [];
  for (const module of modules) {
    const file = program.getSourceFile(module.fileName)!;
    for (const d of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line;
      const origin = module.origins[line];
      problems.push({
        file: module.block.file,
        line: origin ?? module.block.line,
        inFixture: origin === undefined ? module.fixture : undefined,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      });
    }
  }
  return problems;
}

/** The names the library exports, values and types alike. */
function exportsOf(program: ts.Program): string[] {
  const entry = program.getSourceFile(LIBRARY_ENTRY)!;
  const checker = program.getTypeChecker();
  return checker.getExportsOfModule(checker.getSymbolAtLocation(entry)!).map(s => s.name).sort();
}

function snippetModule(block: CodeBlock, index: number, libraryExports: string[]): SnippetModule {
  const fixtureName = block.attributes.fixture ?? 'default';
  const fileName = path.join(ROOT, 'test', 'docs', `snippet-${index}-${path.basename(block.file, '.md')}-${block.line}.ts`);
  const snippet = ts.createSourceFile('snippet.ts', block.code, ts.ScriptTarget.ES2022, true);
  const codeLines = block.code.split('\n');
  const origins = (from: number, count: number) => Array.from({ length: count }, (_, i) => block.line + from + i);

  if (fixtureName === 'none') {
    return { fileName, text: block.code, origins: origins(0, codeLines.length), block, fixture: fixtureName };
  }

  // The snippet's imports go first, then the rest of the fixture, then the snippet's body.
  const imports = snippet.statements.filter(s => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
  const bound = new Set(imports.flatMap(importedNames));
  const lines: string[] = [];
  const lineOrigins: Array<number | undefined> = [];
  const emit = (text: string, origin: (i: number) => number | undefined) => text.split('\n').forEach((l, i) => {
    lines.push(l);
    lineOrigins.push(origin(i));
  });
  const bodyLines = [...codeLines];
  for (const statement of imports) {
    const first = snippet.getLineAndCharacterOfPosition(statement.getStart()).line;
    const last = snippet.getLineAndCharacterOfPosition(statement.getEnd()).line;
    emit(codeLines.slice(first, last + 1).join('\n'), i => block.line + first + i);
    for (let l = first; l <= last; l++) bodyLines[l] = '';
  }

  const fixtureFile = path.join(FIXTURES, `${fixtureName}.ts-fixture`);
  if (!fs.existsSync(fixtureFile)) {
    throw new Error(`${block.file}:${block.line}: no fixture "${fixtureName}" (${path.relative(ROOT, fixtureFile)})`);
  }
  const fixture = withoutImportsOf(fs.readFileSync(fixtureFile, 'utf-8'), bound);
  const libraryNames = libraryExports.filter(n => !bound.has(n));
  for (const fixtureLine of fixture.split('\n')) {
    if (fixtureLine.trim() === HERE) {
      emit(bodyLines.join('\n'), i => block.line + i);
    } else if (fixtureLine.trim() === IMPORT_LIBRARY) {
      emit(libraryNames.length ? `import { ${libraryNames.join(', ')} } from '${LIBRARY}';` : '', () => undefined);
    } else {
      emit(fixtureLine, () => undefined);
    }
  }
  if (!fixture.split('\n').some(l => l.trim() === HERE)) {
    throw new Error(`fixture ${fixtureName} has no "${HERE}" line`);
  }
  return { fileName, text: lines.join('\n'), origins: lineOrigins, block, fixture: fixtureName };
}

/** The local names an import statement binds. */
function importedNames(statement: ts.Statement): string[] {
  if (ts.isImportEqualsDeclaration(statement)) return [statement.name.text];
  const clause = (statement as ts.ImportDeclaration).importClause;
  if (!clause) return [];
  const names = clause.name ? [clause.name.text] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map(e => e.name.text));
  return names;
}

/** The fixture text without the imports of names in `bound` (the snippet imports them itself). */
function withoutImportsOf(fixture: string, bound: Set<string>): string {
  const source = ts.createSourceFile('fixture.ts', fixture, ts.ScriptTarget.ES2022, true);
  const printer = ts.createPrinter();
  let text = fixture;
  // Right to left, so earlier positions stay valid.
  for (const statement of [...source.statements].reverse()) {
    if (!ts.isImportDeclaration(statement) || !importedNames(statement).some(n => bound.has(n))) continue;
    const clause = statement.importClause!;
    const named = clause.namedBindings && ts.isNamedImports(clause.namedBindings)
      ? clause.namedBindings.elements.filter(e => !bound.has(e.name.text)) : [];
    const keepDefault = clause.name && !bound.has(clause.name.text) ? clause.name : undefined;
    const replacement = named.length === 0 && !keepDefault ? '' : printer.printNode(ts.EmitHint.Unspecified,
      ts.factory.updateImportDeclaration(statement, statement.modifiers,
        ts.factory.updateImportClause(clause, clause.phaseModifier, keepDefault, named.length ? ts.factory.createNamedImports(named) : undefined),
        statement.moduleSpecifier, statement.attributes), source);
    text = text.slice(0, statement.getStart()) + replacement + text.slice(statement.getEnd());
  }
  return text;
}
