/**
 * Parses a JSON document that CloudFormation assembles with `Fn::Join`, each intrinsic shown as a
 * readable marker (`Ref:Id`, `GetAtt:Id.Attr`, else `token`), so tests can assert on its shape.
 */
export function parseJoinedJson(value: { 'Fn::Join': [string, unknown[]] }): any {
  const marker = (part: any) => (part.Ref ? `Ref:${part.Ref}` : part['Fn::GetAtt'] ? `GetAtt:${part['Fn::GetAtt'].join('.')}` : 'token');
  return JSON.parse(value['Fn::Join'][1].map(part => (typeof part === 'string' ? part : marker(part))).join(''));
}
