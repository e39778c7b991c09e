import * as ts from 'typescript';
import { LIBRARY } from './snippet-compiler';
import * as library from '../../src';

/**
 * Runs a complete snippet (`ts fixture=none`) with the library's sources standing in for the
 * package, and returns the values of the top-level names asked for: a documented program is run,
 * not only compiled.
 */
export function runSnippet(code: string, names: string[]): Record<string, unknown> {
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const js = ts.transpileModule(code, { compilerOptions }).outputText;
  // The snippet's other imports (aws-cdk-lib, constructs) resolve as they would for a user.
  const requireFromSnippet = (id: string): unknown => (id === LIBRARY ? library : module.require(id));
  const body = new Function('require', 'exports', `${js}\nreturn { ${names.join(', ')} };`);
  return body(requireFromSnippet, {});
}
