/**
 * The apps whose synthesized output must not change when the profile's code is only moved
 * around (the split of cost-allocated-profile.ts, issue 14): the examples, and profile apps that
 * go through every path of the construct (sources, names, hand-off, forecast and report wiring,
 * grants and their nag suppressions, metrics, imports), plus the error messages of bad props.
 *
 * `recordStability()` captures all of it: every file of every cloud assembly that the library
 * writes (templates byte for byte, the cost reports), the synthesis messages, and the errors.
 * test/profiles/fixtures/template-stability.json holds a recording; the test compares a fresh one
 * against it. Re-record (after checking that a change is intended) with
 *   npx ts-node --transpile-only --project test/tsconfig.json test/profiles/record-template-stability.ts
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildInvocationLoggingApp } from '../../examples/invocation-logging-stack';
import { buildPerServiceApp } from '../../examples/per-service-stack';
import { buildPlatformVendingApp } from '../../examples/platform-vending';
import {
  BedrockModelId,
  CostAlertTopic,
  CostAllocatedProfile,
  CostAllocatedProfileProps,
  CrossRegionGeo,
  PriceCatalog,
  ProfileBudget,
  ProfileDashboard,
  ProfileMetricsDimension,
  ProfileSource,
  ProfileSpendAlarm,
} from '../../src';

const ENV = { account: '123456789012', region: 'us-west-2' };
const SONNET_V2 = BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2;
const HAIKU = BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU;
const USAGE = { daysPerMonth: 30, requestsPerDay: 2000, inputTokensPerRequest: 1500, outputTokensPerRequest: 300, cacheReadShare: 0.3 };

/** One recorded app: the assembly files the library writes, and what synthesis reported. */
export interface RecordedApp {
  /** Assembly file name -> sha256 of its bytes. */
  readonly sha256: Record<string, string>;
  /** Assembly file name -> its content (parsed JSON, or text), for a readable diff (see HASHES_ONLY). */
  readonly files?: Record<string, unknown>;
  /** `level path: message` of every annotation in the assembly. */
  readonly messages: string[];
}

export interface StabilityRecording {
  readonly apps: Record<string, RecordedApp>;
  /** Case name -> the CostProfilesError message the bad props give. */
  readonly errors: Record<string, string>;
}

function stackIn(app: App, id: string, env: { account?: string; region?: string } = ENV): Stack {
  return new Stack(app, id, { env });
}

function callerRole(stack: Stack, id = 'Caller'): iam.Role {
  return new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
}

/** Every metric helper, in alarms, so that each one's rendering is in the template. */
type MetricHelpers = { [K in MetricHelper]: (props?: cloudwatch.MetricOptions) => cloudwatch.Metric };
function alarmOnEveryMetric(stack: Stack, prefix: string, profile: MetricHelpers): void {
  for (const helper of METRIC_HELPERS) {
    profile[helper]().createAlarm(stack, `${prefix}${helper}`, { threshold: 1, evaluationPeriods: 1 });
  }
}

type MetricHelper = typeof METRIC_HELPERS[number];
const METRIC_HELPERS = [
  'metricInvocations',
  'metricInputTokenCount',
  'metricOutputTokenCount',
  'metricInvocationLatency',
  'metricInvocationThrottles',
  'metricInvocationClientErrors',
  'metricInvocationServerErrors',
  'metricCacheReadInputTokenCount',
  'metricCacheWriteInputTokenCount',
  'metricTimeToFirstToken',
  'metricEstimatedTPMQuotaUsage',
] as const;

/** Profile apps: each exercises a different path through the construct. */
const PROFILE_APPS: Record<string, (app: App) => void> = {
  'foundation-model, hand-off, outputs, Tags.of, grants, metrics': app => {
    const stack = stackIn(app, 'FoundationModel');
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2),
      description: 'service1 profile',
      costAllocationTags: { Service: 'service-1', CostCenter: 'CC 42' },
      ssmParameterPrefix: '/bedrock/profiles/service-1',
      stackOutputs: true,
    });
    Tags.of(profile).add('Team', 'search');
    const role = callerRole(stack);
    profile.grantInvoke(role);
    profile.grantGetProfile(role);
    alarmOnEveryMetric(stack, 'Arn', profile);
    profile.metric('InvocationLatency', { statistic: 'p99', period: undefined }).createAlarm(stack, 'CustomMetric', { threshold: 1, evaluationPeriods: 1 });
  },

  'cross-Region US in a Region-agnostic stack, PROFILE_ID dimension': app => {
    const stack = new Stack(app, 'Agnostic');
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, HAIKU),
      costAllocationTags: { Service: 'batch' },
      metricsDimension: ProfileMetricsDimension.PROFILE_ID,
      stackOutputs: true,
    });
    profile.grantInvoke(callerRole(stack));
    alarmOnEveryMetric(stack, 'Id', profile);
  },

  'every listed geography, with grants (global gets its nag suppression)': app => {
    const regions: Record<string, string> = {
      'us': 'us-east-1',
      'eu': 'eu-west-1',
      'apac': 'ap-southeast-1',
      'jp': 'ap-northeast-1',
      'au': 'ap-southeast-2',
      'in': 'ap-south-1',
      'us-gov': 'us-gov-west-1',
      'global': 'us-east-1',
    };
    for (const prefix of CrossRegionGeo.knownPrefixes()) {
      const stack = stackIn(app, `Geo-${prefix}`, { account: ENV.account, region: regions[prefix] ?? 'us-east-1' });
      const profile = new CostAllocatedProfile(stack, 'Profile', {
        source: ProfileSource.crossRegion(CrossRegionGeo.fromPrefix(prefix), SONNET_V2),
        costAllocationTags: { Geo: prefix },
      });
      profile.grantInvoke(callerRole(stack));
    }
  },

  'custom geography, destinationRegions and a source Region option (warnings)': app => {
    const stack = stackIn(app, 'Custom');
    new CostAllocatedProfile(stack, 'CustomGeo', {
      source: ProfileSource.crossRegion(CrossRegionGeo.custom('ca', ['ca-central-1', 'ca-west-1']), SONNET_V2, { allowSourceRegionOutsideGeo: true }),
      costAllocationTags: { Service: 'ca' },
    }).grantInvoke(callerRole(stack, 'CustomGeoCaller'));
    new CostAllocatedProfile(stack, 'Narrowed', {
      source: ProfileSource.crossRegion(CrossRegionGeo.EU, SONNET_V2, { destinationRegions: ['eu-west-1'], region: 'eu-west-1' }),
      costAllocationTags: { Service: 'eu' },
    }).grantInvoke(callerRole(stack, 'NarrowedCaller'));
    new CostAllocatedProfile(stack, 'OtherRegion', {
      source: ProfileSource.foundationModel(HAIKU, { region: 'us-east-1' }),
      costAllocationTags: { Service: 'east' },
    });
  },

  'fixed name, forecast, budget, spend alarm and dashboard': app => {
    const stack = stackIn(app, 'Forecast');
    const topic = new CostAlertTopic(stack, 'Alerts', { emails: ['finops@example.com'] });
    const fixed = new CostAllocatedProfile(stack, 'Fixed', {
      source: ProfileSource.foundationModel(SONNET_V2),
      profileName: 'fixed_profile',
      costAllocationTags: { Service: 'fixed', Team: 'forecasts' },
      expectedUsage: { ...USAGE, monthlyGrowth: 0.1 },
      priceCatalog: PriceCatalog.embedded(),
      pricesAsOf: '2025-03-01',
    });
    const geo = new CostAllocatedProfile(stack, 'Geo', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, HAIKU),
      costAllocationTags: { Service: 'geo', Team: 'forecasts' },
      expectedUsage: { ...USAGE, batchShare: 0.5 },
      pricesAsOf: '2025-03-01',
      ssmParameterPrefix: '/bedrock/geo',
    });
    new ProfileBudget(stack, 'Budget', { profiles: [fixed, geo], alertTargets: [topic.asAlertTarget()] });
    new ProfileSpendAlarm(stack, 'SpendRate', { profile: fixed, alertTargets: [topic.asAlertTarget()] });
    new ProfileDashboard(stack, 'Dashboard', { profiles: [fixed, geo], pricesAsOf: '2025-03-01' });
  },

  'imported profiles: concrete and token ARNs': app => {
    const stack = stackIn(app, 'Imports');
    const concrete = CostAllocatedProfile.fromProfileAttributes(stack, 'Concrete', {
      profileArn: 'arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/abc123def456',
      source: ProfileSource.crossRegion(CrossRegionGeo.GLOBAL, SONNET_V2),
      metricsDimension: ProfileMetricsDimension.PROFILE_ID,
    });
    const arnParameter = new CfnParameter(stack, 'ProfileArn', { type: 'String' });
    const fromToken = CostAllocatedProfile.fromProfileAttributes(stack, 'FromToken', {
      profileArn: arnParameter.valueAsString,
      source: ProfileSource.foundationModel(HAIKU),
    });
    const role = callerRole(stack);
    for (const profile of [concrete, fromToken]) {
      profile.grantInvoke(role);
      profile.grantGetProfile(role);
    }
    alarmOnEveryMetric(stack, 'Concrete', concrete);
    alarmOnEveryMetric(stack, 'Token', fromToken);
    new ProfileDashboard(stack, 'Dashboard', { profiles: [fromToken], pricesAsOf: '2025-03-01' });
  },
};

/** Bad props whose error messages must stay as they are. */
const ERROR_CASES: Record<string, (stack: Stack) => void> = {
  'no props': stack => new CostAllocatedProfile(stack, 'P', undefined as any),
  'no source': stack => new CostAllocatedProfile(stack, 'P', { costAllocationTags: { A: 'b' } } as any),
  'no tags': stack => badProfile(stack, { costAllocationTags: {} }),
  'tag key aws:': stack => badProfile(stack, { costAllocationTags: { 'aws:x': 'y' } }),
  'bad tag value': stack => badProfile(stack, { costAllocationTags: { A: 'b(c)' } }),
  'bad profile name': stack => badProfile(stack, { profileName: 'a..b' }),
  'bad description': stack => badProfile(stack, { description: 'a, b' }),
  'bad metrics dimension': stack => badProfile(stack, { metricsDimension: 'MODEL' as any }),
  'bad ssm prefix': stack => badProfile(stack, { ssmParameterPrefix: 'no-slash' }),
  'reserved ssm prefix': stack => badProfile(stack, { ssmParameterPrefix: '/aws/x' }),
  'deep ssm prefix': stack => badProfile(stack, { ssmParameterPrefix: '/a'.repeat(15) }),
  'forecast in a Region-agnostic stack': () => {
    const stack = new Stack(new App(), 'Agnostic');
    badProfile(stack, { expectedUsage: USAGE });
  },
  'forecast with a bad usage field': stack => badProfile(stack, { expectedUsage: { ...USAGE, requestsPerDay: -1 } }),
  'forecast with a bad share': stack => badProfile(stack, { expectedUsage: { ...USAGE, cacheReadShare: 2 } }),
  'forecast without a price': stack => badProfile(stack, { source: ProfileSource.foundationModel(BedrockModelId.custom('acme.unknown-v1:0')), expectedUsage: USAGE }),
  'forecast with a bad date': stack => badProfile(stack, { expectedUsage: USAGE, pricesAsOf: 'March 2025' }),
  'forecast before any price': stack => badProfile(stack, { expectedUsage: USAGE, pricesAsOf: '2001-01-01' }),
  'geo source outside its geography': stack => badProfile(stack, { source: ProfileSource.crossRegion(CrossRegionGeo.EU, SONNET_V2) }),
  'model id with a geo prefix': stack => badProfile(stack, { source: ProfileSource.foundationModel(BedrockModelId.custom('us.anthropic.x-v1:0')) }),
  'import without attrs': stack => CostAllocatedProfile.fromProfileAttributes(stack, 'I', undefined as any),
  'import with a system profile ARN': stack => CostAllocatedProfile.fromProfileAttributes(stack, 'I', {
    profileArn: 'arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.x-v1:0',
    source: ProfileSource.foundationModel(SONNET_V2),
  }),
  'import without a source': stack => CostAllocatedProfile.fromProfileAttributes(stack, 'I', {
    profileArn: 'arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/abc',
  } as any),
  'Tags.of breaks the rendered tags': () => {
    const app = new App();
    const stack = stackIn(app, 'Tagged');
    Tags.of(badProfile(stack, {})).add('aws:bad', 'x');
    app.synth();
  },
};

function badProfile(stack: Stack, props: Partial<CostAllocatedProfileProps>): CostAllocatedProfile {
  return new CostAllocatedProfile(stack, 'P', {
    source: ProfileSource.foundationModel(SONNET_V2),
    costAllocationTags: { Service: 'svc' },
    ...props,
  });
}

/** Synthesizes an app into `outdir` and records what the library wrote there. */
function recordApp(app: App): RecordedApp {
  const assembly = app.synth();
  const sha256: Record<string, string> = {};
  const files: Record<string, unknown> = {};
  const dirs = [assembly.directory, ...assembly.nestedAssemblies.map(n => n.nestedAssembly.directory)];
  for (const dir of dirs) {
    const prefix = path.relative(assembly.directory, dir);
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.(template\.json|bedrock-cost\.json|bedrock-cost\.md)$/.test(name)) {
        continue; // manifests, tree.json and assets are aws-cdk-lib's, not the library's output
      }
      const bytes = fs.readFileSync(path.join(dir, name));
      const key = prefix ? `${prefix}/${name}` : name;
      sha256[key] = createHash('sha256').update(bytes).digest('hex');
      files[key] = name.endsWith('.json') ? JSON.parse(bytes.toString('utf-8')) : bytes.toString('utf-8');
    }
  }
  const messages = assembly.stacksRecursively.flatMap(s => s.messages.map(m => `${m.level} ${m.id}: ${String(m.entry.data)}`));
  return { sha256, files, messages };
}

function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'template-stability-'));
}

/** An app of the recording, built and not yet synthesized. */
export interface StabilityApp {
  readonly name: string;
  readonly app: App;
  /** A profile app (the examples are checked by their own tests). */
  readonly profileApp: boolean;
}

/**
 * The day the recording is made as of. The examples price at today's date (and warn about stale
 * prices relative to it), so both the recording and the comparison run on this day's clock:
 * the fixture must not change with the calendar.
 */
export const RECORDED_DAY = '2026-12-02T12:00:00Z';

/** Runs `fn` with `new Date()` and `Date.now()` at RECORDED_DAY (other Date uses unchanged). */
export function onRecordedDay<T>(fn: () => T): T {
  const RealDate = Date;
  const fixed = RealDate.parse(RECORDED_DAY);
  class RecordedDate extends RealDate {
    static now(): number {
      return fixed;
    }
    constructor(...args: unknown[]) {
      if (args.length === 0) {
        super(fixed);
      } else {
        super(...(args as [string]));
      }
    }
  }
  globalThis.Date = RecordedDate as DateConstructor;
  try {
    return fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

/** Builds the examples and the profile apps. */
export function buildStabilityApps(): StabilityApp[] {
  // The examples take the account from the environment; keep it a token as in CI.
  delete process.env.CDK_DEFAULT_ACCOUNT;
  const shards = path.join(freshDir(), 'teams.shards.json');
  fs.copyFileSync(path.join(__dirname, '..', '..', 'examples', 'teams.shards.json'), shards);
  const apps: StabilityApp[] = [
    { name: 'examples/per-service-stack.ts', app: buildPerServiceApp(freshDir()).app, profileApp: false },
    { name: 'examples/invocation-logging-stack.ts', app: buildInvocationLoggingApp(freshDir()).app, profileApp: false },
    { name: 'examples/platform-vending.ts', app: buildPlatformVendingApp({ outdir: freshDir(), shardAssignmentFile: shards }).app, profileApp: false },
  ];
  for (const [name, build] of Object.entries(PROFILE_APPS)) {
    const app = new App({ outdir: freshDir() });
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
    build(app);
    apps.push({ name, app, profileApp: true });
  }
  return apps;
}

/** Synthesizes every app, and collects every error case's message. */
export function recordStability(built: StabilityApp[] = buildStabilityApps()): StabilityRecording {
  const apps: Record<string, RecordedApp> = {};
  for (const { name, app } of built) {
    apps[name] = recordApp(app);
  }

  const errors: Record<string, string> = {};
  for (const [name, build] of Object.entries(ERROR_CASES)) {
    try {
      build(stackIn(new App(), 'Errors'));
      errors[name] = '(no error)';
    } catch (e) {
      // Token numbers depend on what else the process created.
      errors[name] = `${(e as Error).name}: ${(e as Error).message}`.replace(/\$\{Token\[([A-Za-z.]+)\.\d+\]\}/g, '${Token[$1]}');
    }
  }
  return { apps, errors };
}

export const FIXTURE = path.join(__dirname, 'fixtures', 'template-stability.json');

/** Apps recorded as hashes only (the vending example: half a megabyte of templates). */
export const HASHES_ONLY = ['examples/platform-vending.ts'];

/** The recording as the fixture keeps it. */
export function forFixture(recording: StabilityRecording): StabilityRecording {
  const apps = Object.fromEntries(Object.entries(recording.apps)
    .map(([name, app]) => [name, HASHES_ONLY.includes(name) ? { sha256: app.sha256, messages: app.messages } : app]));
  return { ...recording, apps };
}
