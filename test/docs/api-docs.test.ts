import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './markdown';

/**
 * The API reference as jsii sees it (`.jsii`, written by the compile step that precedes the
 * tests; API.md is generated from it): every construct and its props show an example, and no
 * summary is cut inside a code span.
 */
const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf-8'));
const types: Record<string, any> = assembly.types;
const CONSTRUCT_ROOTS = new Set(['constructs.Construct', 'aws-cdk-lib.Resource']);

function isConstruct(type: any): boolean {
  for (let base = type.base; base; base = types[base]?.base) {
    if (CONSTRUCT_ROOTS.has(base)) return true;
  }
  return false;
}

const constructs = Object.values(types).filter(t => t.kind === 'class' && !t.abstract && isConstruct(t));

describe('the API reference', () => {
  test('finds the public constructs', () => {
    expect(constructs.map(t => t.name)).toEqual(expect.arrayContaining(['CostAllocatedProfile', 'ProfileBudget', 'PlatformVending', 'BedrockCostDataExport']));
  });

  test.each(constructs.map(t => [t.name]))('%s and its props have an @example', name => {
    const props = types[`${assembly.name}.${name}Props`];
    const missing = [types[`${assembly.name}.${name}`], props].filter(t => t && !t.docs?.example).map(t => t.name);
    expect(missing).toEqual([]);
  });

  // jsii ends a summary at the first '.', '!', '?' or ';' followed by white space (unless the
  // first paragraph is shorter than 20 words): inside a code span or parentheses, that cuts it.
  test('no summary ends inside a code span or parentheses', () => {
    const cut: string[] = [];
    const count = (text: string, char: string) => text.split(char).length - 1;
    const check = (where: string, docs: any) => {
      const summary: string = docs?.summary ?? '';
      if (count(summary, '`') % 2 !== 0 || count(summary, '(') !== count(summary, ')')) cut.push(`${where}: ${summary}`);
    };
    for (const type of Object.values(types)) {
      check(type.fqn, type.docs);
      for (const member of [...(type.properties ?? []), ...(type.methods ?? []), ...(type.members ?? [])]) {
        check(`${type.fqn}.${member.name}`, member.docs);
        for (const parameter of member.parameters ?? []) check(`${type.fqn}.${member.name}(${parameter.name})`, parameter.docs);
      }
      for (const parameter of type.initializer?.parameters ?? []) check(`${type.fqn}(${parameter.name})`, parameter.docs);
    }
    expect(cut).toEqual([]);
  });
});
