import * as path from 'path';
import * as ts from 'typescript';

/** A TypeScript type that must describe the same object as the JSON Schema node at `pointer`. */
export interface TypeAtSchema {
  /** An exported type of `module`, e.g. `PriceFileRow`. */
  readonly type: string;
  /** JSON pointer into the schema, e.g. `/properties/prices/items`. */
  readonly pointer: string;
}

const ROOT = path.resolve(__dirname, '..', '..');

function nodeAt(schema: any, pointer: string): any {
  return pointer.split('/').slice(1).reduce((node, part) => node?.[part], schema);
}

const union = (values: readonly string[]) => (values.length === 0 ? 'never' : values.map(v => JSON.stringify(v)).join(' | '));

/**
 * Type-checks, with the real TypeScript compiler, that each type has exactly the properties of
 * its schema node, the same required ones, and the same values for every string enum. Returns the
 * failed checks (empty when the two definitions agree).
 */
export function schemaTypeMismatches(schema: object, module: string, checks: readonly TypeAtSchema[]): string[] {
  const lines = [
    `import { ${[...new Set(checks.map(c => c.type))].join(', ')} } from ${JSON.stringify(path.resolve(ROOT, module).replace(/\.ts$/, ''))};`,
    'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
    'type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];',
    'declare function check<_T extends true>(): void;',
  ];
  for (const { type, pointer } of checks) {
    const node = nodeAt(schema, pointer);
    if (!node?.properties) {
      throw new Error(`no object schema with properties at ${pointer}`);
    }
    const keys = Object.keys(node.properties);
    lines.push(`check<Same<keyof ${type}, ${union(keys)}>>(); // ${type}: the properties of ${pointer}`);
    lines.push(`check<Same<RequiredKeys<${type}>, ${union(node.required ?? [])}>>(); // ${type}: the required properties of ${pointer}`);
    for (const key of keys) {
      const values = node.properties[key].enum;
      if (Array.isArray(values) && values.every((v: unknown) => typeof v === 'string')) {
        lines.push(`check<Same<NonNullable<${type}[${JSON.stringify(key)}]>, ${union(values)}>>(); // ${type}.${key}: the enum of ${pointer}/properties/${key}`);
      }
    }
  }
  const file = path.join(ROOT, 'test', '__schema-type-check.ts');
  const text = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    resolveJsonModule: true,
    esModuleInterop: true,
    skipLibCheck: true,
    lib: ['lib.es2020.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = f => (path.resolve(f) === file ? text : readFile(f));
  host.fileExists = f => path.resolve(f) === file || fileExists(f);
  host.getSourceFile = (f, v, onError) => (path.resolve(f) === file ? ts.createSourceFile(f, text, v) : getSourceFile(f, v, onError));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map(d => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const source = where && d.file!.fileName === file ? ` [${lines[where.line]}]` : '';
    return `${d.file ? path.relative(ROOT, d.file.fileName) : ''}:${where ? where.line + 1 : ''} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}${source}`;
  });
}
