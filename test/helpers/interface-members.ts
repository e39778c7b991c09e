import * as ts from 'typescript';

/**
 * The property names (and whether each is optional) of the interfaces declared in a TypeScript
 * file, read with the TypeScript compiler: the tests compare them with the JSON Schemas written
 * beside the types, so the two definitions of a format cannot drift apart.
 */
export function interfaceMembers(file: string): Map<string, Map<string, { optional: boolean }>> {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.ES2022, true);
  const out = new Map<string, Map<string, { optional: boolean }>>();
  const membersOf = (members: ts.NodeArray<ts.TypeElement>) => new Map(members.filter(ts.isPropertySignature)
    .map(m => [m.name.getText(source).replace(/^['"]|['"]$/g, ''), { optional: m.questionToken !== undefined }]));
  source.forEachChild(node => {
    if (ts.isInterfaceDeclaration(node)) {
      out.set(node.name.text, membersOf(node.members));
    }
  });
  return out;
}

/** The members of an inline object type of a property, e.g. `flows?: { region?: string; ... }`. */
export function inlineMembers(file: string, iface: string, property: string): Map<string, { optional: boolean }> {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.ES2022, true);
  let found: Map<string, { optional: boolean }> | undefined;
  source.forEachChild(node => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === iface) {
      const member = node.members.filter(ts.isPropertySignature).find(m => m.name.getText(source) === property);
      const type = member?.type;
      if (type && ts.isTypeLiteralNode(type)) {
        found = new Map(type.members.filter(ts.isPropertySignature)
          .map(m => [m.name.getText(source), { optional: m.questionToken !== undefined }]));
      }
    }
  });
  if (!found) {
    throw new Error(`${iface}.${property} is not an inline object type in ${file}`);
  }
  return found;
}
