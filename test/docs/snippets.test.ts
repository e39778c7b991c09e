import { apiExamples } from './api-examples';
import { codeBlocks, codeBlocksOf, documentationFiles } from './markdown';
import { compileSnippets, formatProblem } from './snippet-compiler';

/** Snippets that exercise the conventions of CONTRIBUTING.md ("Snippets in the docs"). */
const CONVENTIONS = [
  '# Conventions',
  '',
  '```ts',
  "import { App } from 'aws-cdk-lib';",
  "import { CostAllocatedProfile } from 'cdk-bedrock-cost-profiles';",
  '// imports of names the fixture imports too replace the fixture\'s',
  "const profile: CostAllocatedProfile = new CostAllocatedProfile(this, 'P', { source, costAllocationTags: { A: 'b' } });",
  'profile.grantInvoke(myRole);',
  'const other: App = app;',
  '```',
  '',
  '```ts',
  "const count: number = 'not a number';",
  '```',
  '',
  '```ts fixture=none',
  "new CostAllocatedProfile(undefined as any, 'P', {} as any);",
  '```',
  '',
  '- in a list:',
  '',
  '  ```typescript',
  '  service1.grantInvok(myRole);',
  '  ```',
  '',
].join('\n');

// One TypeScript program for every snippet: the library and aws-cdk-lib are read once. It is the
// slowest suite of test/docs (about 20 s of CPU, most of it parsing aws-cdk-lib's 2,300
// declaration files, which its root module imports), and it does not grow with more snippets.
// The API's `@example` blocks share the program: API.md shows them, so they compile like the docs.
const files = documentationFiles();
const conventionBlocks = codeBlocks(CONVENTIONS, 'conventions.md');
const examples = apiExamples();
const problems = compileSnippets([...files.flatMap(file => codeBlocksOf(file)), ...examples, ...conventionBlocks]);

describe('TypeScript snippets in the documentation compile', () => {
  test.each(files)('%s', file => {
    expect(problems.filter(p => p.file === file).map(formatProblem)).toEqual([]);
  });
});

describe('the @example blocks of the API compile', () => {
  test.each([...new Set(examples.map(e => e.file))])('%s', file => {
    expect(problems.filter(p => p.file === file).map(formatProblem)).toEqual([]);
  });
});

describe('the snippet check', () => {
  const found = problems.filter(p => p.file === 'conventions.md');

  test('finds every TypeScript block, in lists too', () => {
    expect(conventionBlocks.map(b => [b.lang, b.line])).toEqual([['ts', 4], ['ts', 13], ['ts', 17], ['typescript', 23]]);
  });

  test('reports each problem at its markdown line, and nothing for a correct snippet', () => {
    expect(found.map(p => p.line)).toEqual([13, 17, 23]);
    expect(found[0].message).toMatch(/not assignable to type 'number'/);
    expect(found[1].message).toMatch(/Cannot find name 'CostAllocatedProfile'/); // fixture=none: no implicit imports
    expect(found[2].message).toMatch(/grantInvok.*does not exist/);
    expect(found.every(p => p.inFixture === undefined)).toBe(true);
  });
});
