import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './markdown';

/** The jsii targets in package.json (from .projenrc.ts) are the names the README tells users. */
describe('jsii targets', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;

  test('Python, Java, .NET and Go, experimental and 0.x until 1.0', () => {
    expect(Object.keys(pkg.jsii.targets).sort()).toEqual(['dotnet', 'go', 'java', 'python']);
    expect(pkg.stability).toBe('experimental');
    expect(pkg.version).toMatch(/^0\./);
  });

  test('the README names each package and module as package.json declares it', () => {
    const { python, java, dotnet, go } = pkg.jsii.targets;
    const rows = readme.split('\n').filter(l => /^\| (Python|Java|\.NET|Go) \|/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain(`pip install ${python.distName}`);
    expect(rows[0]).toContain(`import ${python.module}`);
    expect(rows[1]).toContain(`${java.maven.groupId}:${java.maven.artifactId}`);
    expect(rows[1]).toContain(java.package);
    expect(rows[2]).toContain(`dotnet add package ${dotnet.packageId}`);
    expect(rows[2]).toContain(dotnet.namespace);
    // jsii's Go package name: the npm name without its punctuation.
    const goPackage = pkg.name.replace(/[^a-z0-9]/g, '');
    expect(rows[3]).toContain(`go get ${go.moduleName}/${goPackage}`);
  });

  test('the build generates every target\'s code and compiles the Python and Java it can', () => {
    const steps = (name: string) => tasks[name].steps.map((s: any) => s.spawn ?? s.exec);
    expect(steps('package')).toEqual(['package:js', 'package:check-targets']);
    const check = steps('package:check-targets').join('\n');
    expect(check).toContain('jsii-pacmak --code-only --outdir dist/code --target python --target java --target dotnet --target go');
    expect(check).toContain('python3 -m compileall -q dist/code/python');
    expect(check).toContain('java build-tools/JavaSyntaxCheck.java dist/code/java');
  });
});
