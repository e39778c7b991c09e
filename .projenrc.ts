import { awscdk, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-bedrock-cost-profiles',
  packageName: 'cdk-bedrock-cost-profiles',
  description:
    'AWS CDK constructs for cost-allocated Amazon Bedrock application inference profiles: correct grants, exact price forecasts, budgets and invocation logging.',
  keywords: ['cdk', 'aws-cdk', 'bedrock', 'inference-profile', 'finops', 'cost-allocation', 'budgets'],
  author: 'Seed 47bfcb5a maintainers',
  authorAddress: 'maintainers@users.noreply.h-seed-47bfcb5a.example',
  repositoryUrl: 'https://github.com/maintainers/cdk-bedrock-cost-profiles.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // The floor, and the version the tests run on. 2.220.0 was enough for the constructs
  // (CfnApplicationInferenceProfile, AspectPriority, attachCustomSynthesis); 2.245.0 is the
  // newest release that @aws-cdk/integ-tests-alpha (integration tests) and
  // @aws-cdk/aws-bedrock-alpha (the interop recipe) publish for, and they must match it.
  cdkVersion: '2.245.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',

  // jsii: experimental until 1.0 (the version stays 0.x until then). Names follow each
  // ecosystem's conventions, as cdklabs' construct libraries do: the npm name for PyPI with a
  // snake_case module; a Maven group under io.github.<owner>, the namespace Maven Central verifies
  // through the GitHub account; a PascalCase NuGet id and namespace; a separate "-go" repository
  // for the Go module, which jsii's Go packaging publishes to.
  stability: 'experimental',
  publishToPypi: { distName: 'cdk-bedrock-cost-profiles', module: 'cdk_bedrock_cost_profiles' },
  publishToMaven: {
    mavenGroupId: 'io.github.maintainers',
    mavenArtifactId: 'cdk-bedrock-cost-profiles',
    javaPackage: 'io.github.maintainers.cdk.bedrock.cost.profiles',
  },
  publishToNuget: { dotNetNamespace: 'Maintainers.CdkBedrockCostProfiles', packageId: 'Maintainers.CdkBedrockCostProfiles' },
  publishToGo: { moduleName: 'github.com/maintainers/cdk-bedrock-cost-profiles-go' },

  // CI is `.ci/run` on a fresh clone; no hosted workflows or release pipeline here.
  github: false,
  release: false,
  sampleCode: false,
  docgen: true,
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'bench', 'build-tools', 'projenrc'] },

  // Bundled (jsii needs non-jsii runtime deps bundled). ajv checks user price and usage files
  // against the shipped JSON Schemas, so a schema is the one definition of each format (the
  // tests also use it to validate templates against the CloudFormation registry schemas);
  // yaml reads YAML usage and price files; the Budgets client powers 'bedrock-cost budgets
  // status'.
  // The Pricing client powers 'bedrock-cost prices refresh --from-api', and the Cost Explorer
  // client 'bedrock-cost actuals' (and the tag-activation handler, which bundles its own).
  bundledDeps: ['ajv@^8', 'yaml@^2', '@aws-sdk/client-budgets@^3', '@aws-sdk/client-pricing@^3', '@aws-sdk/client-cost-explorer@^3'],
  bin: { 'bedrock-cost': 'lib/cli/bedrock-cost.js' },
  // Custom-resource handlers (*.lambda.ts) are bundled by esbuild with their own SDK clients,
  // so they do not depend on the SDK version of the Lambda runtime.
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    // Minified with names kept (readable errors in the logs): the logging handler's asset drops from
    // 1.8 MB. projen's LambdaFunction passes these on to esbuild, but its type lists fewer options.
    bundlingOptions: { externals: [], sourcemap: false, minify: true, keepNames: true } as javascript.BundlingOptions,
  },
  devDeps: [
    // The handlers' SDK clients (bundled into each handler's asset, not runtime deps).
    '@aws-sdk/client-bedrock@^3',
    '@aws-sdk/client-ssm@^3',
    // Flow tests of the handlers mock the real clients.
    'aws-sdk-client-mock@^4',
    // Test oracle for the pricing engine's exact decimal type (property tests compare them).
    'decimal.js@^10',
    // AwsSolutions rules run on every synthesized test and example template.
    'cdk-nag@^2',
    // Property-based tests throw random bad input at every public construct.
    'fast-check@^4',
    // The cdk CLI: the examples synthesize through it in the tests, as a user runs them.
    'aws-cdk@^2',
    // Integration tests: snapshots checked in CI, deployed by a user with an account.
    '@aws-cdk/integ-runner@^2',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // The interop recipe: an alpha Agent or Prompt running through one of our profiles.
    '@aws-cdk/aws-bedrock-alpha@2.245.0-alpha.0',
    // Runs the shipped Athena SQL for real on generated CUR 2.0 Parquet in the tests.
    // Its releases are versioned like prereleases (1.5.6-r.1), which a caret range never matches.
    '@duckdb/node-api@1.5.6-r.1',
  ],

  jestOptions: {
    coverageText: false,
    // No test relies on snapshots; none may ever be written or rewritten by a test run.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 120_000,
      coverageReporters: ['text-summary', 'lcov'],
    },
  },
  gitignore: ['cdk.out', '/examples/cdk.out', '/bench-results'],
});

// The package ships lib/, the handler assets, the README and the reference pages in docs/ (the
// README links to them), and the examples as reading material; not CI scripts, benchmarks or
// the examples' synthesis output.
project.npmignore?.exclude('/.ci/', '/bench/', '/bench-results/', '/examples/cdk.out/');

// Type-check the examples together with the sources they import.
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { rootDir: '..', noEmit: true },
    include: ['**/*.ts', '../src/**/*.ts'],
  },
});

// The main job: synthesize the per-service example offline (no AWS credentials needed).
project.addTask('example', {
  description: 'Synthesize examples/per-service-stack.ts into examples/cdk.out (offline)',
  exec: 'ts-node --project examples/tsconfig.json examples/per-service-stack.ts',
});

// The CLI from source, for use inside this repository (npm run bedrock-cost -- estimate ...).
project.addTask('bedrock-cost', {
  description: 'Run the bedrock-cost CLI from source',
  exec: 'ts-node --transpile-only src/cli/bedrock-cost.ts',
  receiveArgs: true,
});

// Benchmarks: figures the issues ask for, printed as markdown for BENCHMARKS.md.
project.addTask('bench', {
  description: 'Run the benchmarks (npm run bench [name...]); see BENCHMARKS.md',
  exec: 'ts-node --transpile-only --project bench/tsconfig.json bench/run.ts',
  receiveArgs: true,
});

// The build packages JavaScript, then generates the code of every other jsii target and checks
// what this machine can check offline: Python byte-compiles, Java parses. Building the Python,
// Java, .NET and Go packages needs their toolchains and registries: `npm run package-all` on a
// release machine (see CONTRIBUTING.md).
const packageJs = project.tasks.tryFind('package:js')!;
const jsiiTargets = project.addTask('package:check-targets', {
  description: 'Generate the Python, Java, .NET and Go code (jsii-pacmak --code-only) and compile what can be compiled offline',
  steps: [
    { exec: 'rm -rf dist/code' },
    { exec: 'jsii-pacmak --code-only --outdir dist/code --target python --target java --target dotnet --target go' },
    // Skipped where the tool is missing (a contributor's laptop); .ci/run requires both.
    { exec: 'python3 -m compileall -q dist/code/python', condition: 'python3 --version' },
    { exec: 'java build-tools/JavaSyntaxCheck.java dist/code/java', condition: 'java -version' },
  ],
});
project.packageTask.reset();
project.packageTask.spawn(packageJs);
project.packageTask.spawn(jsiiTargets);

// Tests and the examples synthesize stacks with the handlers' assets: bundle them first.
const bundle = project.tasks.tryFind('bundle')!;
project.testTask.prependSpawn(bundle);

// Integration tests (test/integ, integ.config.json). The build checks their committed snapshots
// offline: a change to what a test synthesizes fails until its snapshot is updated. Snapshots are
// never written by the build. With AWS credentials, integ:deploy runs them for real.
const integEnv = { CDK_DISABLE_CLI_TELEMETRY: 'true' };
const integSnapshots = project.addTask('integ', {
  description: 'Check the integration tests\' committed snapshots (offline, no deployment)',
  env: integEnv,
  exec: 'integ-runner',
  receiveArgs: true,
});
const integDeploy = project.addTask('integ:deploy', {
  description: 'Deploy the integration tests to the current AWS account, run their assertions, destroy them, and update their snapshots',
  env: integEnv,
  exec: 'integ-runner --force',
  receiveArgs: true,
});
const integUpdate = project.addTask('integ:update-snapshots', {
  description: 'Rewrite changed snapshots without deploying (when no account is at hand; say so in the commit)',
  env: integEnv,
  exec: 'integ-runner --update-on-failed --dry-run',
  receiveArgs: true,
});
// Each synthesizes the handlers' assets: on a fresh clone, after `npm ci` only, they are not there yet.
for (const task of [integSnapshots, integDeploy, integUpdate]) task.prependSpawn(bundle);
project.testTask.spawn(integSnapshots);
// A snapshot holds a file named cdk.out, which the pattern for synthesis output would hide.
project.gitignore.include('/test/integ/*.snapshot/cdk.out');
project.npmignore?.exclude('/integ.config.json');
project.tasks.tryFind('example')!.prependSpawn(bundle);

project.synth();
