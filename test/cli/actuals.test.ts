import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { AlertTarget, BedrockModelId, CostAllocatedProfile, PrincipalCostTags, ProfileBudget, ProfileSource } from '../../src';
import { isBedrockUsageType } from '../../src/actuals/actual-costs';
import { run } from '../../src/cli/main';
import { Dec } from '../../src/pricing/decimal';
import { readReports } from '../../src/report/read-reports';
import { RecordedRequest, Reply, startJsonServer, TEST_CREDENTIALS } from '../helpers/aws-json-server';

/** Two search profiles (one budget on Team=search) and a batch profile without a forecast. */
function assembly(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'actuals-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Profiles', { env: { region: 'us-west-2', account: '111122223333' } });
  const sonnet = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);
  const usage = (requestsPerDay: number) => ({ daysPerMonth: 30, requestsPerDay, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 });
  const s1 = new CostAllocatedProfile(stack, 'Service1', {
    source: sonnet, costAllocationTags: { Service: 'service-1', Team: 'search' }, expectedUsage: usage(1000), pricesAsOf: '2025-03-01',
  });
  const s2 = new CostAllocatedProfile(stack, 'Service2', {
    source: sonnet, costAllocationTags: { Service: 'service-2', Team: 'search' }, expectedUsage: usage(500), pricesAsOf: '2025-03-01',
  });
  new CostAllocatedProfile(stack, 'Batch', { source: sonnet, costAllocationTags: { Service: 'batch', Team: 'batch' } });
  new ProfileBudget(stack, 'SearchBudget', { profiles: [s1, s2], tagKey: 'Team', alertTargets: [AlertTarget.email('a@example.com')] });
  // The search service's role, tagged like its profiles: the principal view.
  new PrincipalCostTags(stack, 'SearchCallers', { costAllocationTags: { Team: 'search' }, roleNames: ['search-api'], profiles: [s1, s2] });
  app.synth();
  return outdir;
}

const CREDENTIALS = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey };

async function cli(args: string[], env: Record<string, string | undefined> = CREDENTIALS) {
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) {
      delete process.env[k];
    } else {
      process.env[k] = v;
    }
  }
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await run(args, { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.env = saved;
  }
}

type Groups = Array<[string, string, string]>;

/**
 * A Cost Explorer that answers ListCostAllocationTags from `statuses` and GetCostAndUsage from
 * `groups` per tag key (tag value, usage type, amount), `pageSize` groups a page.
 */
interface ServerOptions {
  readonly pageSize?: number;
  /** A reply that comes before the normal one (errors, throttling). */
  readonly before?: (r: RecordedRequest, i: number) => Reply | undefined;
}

function costExplorer(statuses: Record<string, string>, groups: Record<string, Groups>, options: ServerOptions = {}) {
  const pageSize = options.pageSize ?? 1000;
  return startJsonServer((request, index) => {
    const early = options.before?.(request, index);
    if (early) {
      return early;
    }
    if (request.target === 'AWSInsightsIndexService.ListCostAllocationTags') {
      const keys: string[] = request.body.TagKeys;
      return {
        status: 200,
        body: { CostAllocationTags: keys.filter(k => statuses[k]).map(k => ({ TagKey: k, Type: 'UserDefined', Status: statuses[k] })) },
      };
    }
    if (request.target === 'AWSInsightsIndexService.GetCostAndUsage') {
      const key: string = request.body.GroupBy[0].Key;
      const all = groups[key] ?? [];
      const start = Number(request.body.NextPageToken ?? 0);
      const page = all.slice(start, start + pageSize);
      return {
        status: 200,
        body: {
          GroupDefinitions: request.body.GroupBy,
          ResultsByTime: [{
            TimePeriod: request.body.TimePeriod,
            Total: {},
            Groups: page.map(([value, usageType, amount]) => ({ Keys: [`${key}$${value}`, usageType], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } })),
            Estimated: true,
          }],
          ...(start + pageSize < all.length ? { NextPageToken: String(start + pageSize) } : {}),
        },
      };
    }
    return { status: 400, body: { __type: 'ValidationException', message: `unexpected ${request.target}` } };
  });
}

const GROUPS: Record<string, Groups> = {
  'Service': [
    ['service-1', 'USW2-MP:USW2_InputTokenCount-Units', '120.50'],
    ['service-1', 'USW2-MP:USW2_OutputTokenCount-Units', '60.25'],
    ['service-2', 'USW2-MP:USW2_InputTokenCount-Units', '10'],
    ['batch', 'USW2-MP:USW2_InputTokenCount-Units', '5.5'],
    ['other-team-thing', 'USW2-MP:USW2_InputTokenCount-Units', '1'],
  ],
  'Team': [
    ['search', 'USW2-MP:USW2_InputTokenCount-Units', '130.50'],
    ['search', 'USW2-MP:USW2_OutputTokenCount-Units', '60.25'],
    ['search', 'USW2-TimedStorage-ByteHrs', '3.10'],
    ['batch', 'USW2-MP:USW2_InputTokenCount-Units', '5.5'],
  ],
  // Billed to the calling role's tag: here less than to the profiles' tag (some callers untagged).
  'iamPrincipal/Team': [
    ['search', 'USW2-MP:USW2_InputTokenCount-Units', '100'],
  ],
};

describe('bedrock-cost actuals, with the real Cost Explorer client against a local endpoint', () => {
  const dir = assembly();
  const reports = readReports(dir);
  const forecast = (key: string, value: string) => Dec.parse(reports[0].tagValues.find(t => t.key === key && t.value === value)!.forecast.expected);

  test('forecast vs actual vs budget per tag value, projected from 14 of 30 days; other usage under the tags kept apart', async () => {
    const server = await costExplorer({ 'Service': 'Active', 'Team': 'Active', 'iamPrincipal/Team': 'Active' }, GROUPS);
    try {
      const result = await cli(['actuals', dir, '--month', '2026-11', '--as-of', '2026-11-15', '--endpoint-url', server.url, '--format', 'json']);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      const cost = server.requests.filter(r => r.target === 'AWSInsightsIndexService.GetCostAndUsage');
      expect(cost.map(r => r.body)).toEqual(['iamPrincipal/Team', 'Service', 'Team'].map(key => ({
        TimePeriod: { Start: '2026-11-01', End: '2026-11-15' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'TAG', Key: key }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
        Filter: { And: [{ Not: { Tags: { Key: key, MatchOptions: ['ABSENT'] } } }, { Dimensions: { Key: 'RECORD_TYPE', Values: ['Usage'] } }] },
      })));
      expect(server.requests[0]).toMatchObject({ target: 'AWSInsightsIndexService.ListCostAllocationTags', body: { TagKeys: ['iamPrincipal/Team', 'Service', 'Team'] } });
      expect(server.requests[0].authorization).toContain('/us-east-1/ce/aws4_request');

      const json = JSON.parse(result.out);
      expect(json).toMatchObject({ month: '2026-11', start: '2026-11-01', end: '2026-11-15', daysCounted: 14, daysInMonth: 30, complete: false, estimated: true, requests: 4 });
      // The principal view: the role's tag, billed as iamPrincipal/Team, with the forecast of the profiles it calls.
      expect(json.lines.find((l: any) => l.attribution === 'principal')).toMatchObject({
        tagKey: 'Team',
        tagValue: 'search',
        profiles: ['Profiles/Service1', 'Profiles/Service2'],
        forecastUsd: forecast('Team', 'search').toFixed(),
        actualUsd: '100',
        tagKeyStatus: 'active',
      });
      const line = (key: string, value: string) => json.lines.find((l: any) => l.attribution === 'profile' && l.tagKey === key && l.tagValue === value);
      const search = line('Team', 'search');
      const searchActual = Dec.parse('190.75');
      const searchProjected = searchActual.times(Dec.parse('30')).divide(Dec.parse('14'), 2, 'half-up');
      expect(search).toMatchObject({
        attribution: 'profile',
        profiles: ['Profiles/Service1', 'Profiles/Service2'],
        forecastUsd: forecast('Team', 'search').toFixed(),
        budgetUsd: Dec.parse(reports[0].budgets[0].limitUsd).toFixed(),
        actualUsd: '190.75',
        projectedUsd: searchProjected.toFixed(),
        varianceUsd: searchProjected.minus(forecast('Team', 'search')).toFixed(),
        otherUsage: [{ usageType: 'USW2-TimedStorage-ByteHrs', usd: '3.1' }],
        tagKeyStatus: 'active',
      });
      expect(search.variancePercent).toBe(searchProjected.minus(forecast('Team', 'search')).times(Dec.parse('100')).divide(forecast('Team', 'search'), 1, 'half-up').toFixed());
      expect(line('Service', 'batch')).toMatchObject({ forecastUsd: '0', unforecastProfiles: 1, actualUsd: '5.5', status: 'no forecast' });
      // Tag values no report plans are not invented.
      expect(json.lines.map((l: any) => l.tagValue)).not.toContain('other-team-thing');
      // Service=service-1 carries Service1 alone: its own actual.
      expect(json.profiles.find((p: any) => p.path === 'Profiles/Service1')).toMatchObject({ attributedBy: { tagKey: 'Service', tagValue: 'service-1' }, actualUsd: '180.75' });

      const table = await cli(['actuals', dir, '--month', '2026-11', '--as-of', '2026-11-15', '--endpoint-url', server.url]);
      expect(table.code).toBe(0);
      expect(table.out).toMatch(/principal\s+Team=search\s+2\s+202\.50\s+–\s+100\.00\s+214\.29/);
      expect(table.out).toContain('Bedrock forecast vs actual: 2026-11, 14 of 30 days (to 2026-11-15, exclusive); projected to the month at that rate');
      expect(table.out).toMatch(/profile\s+Team=search\s+2\s+[\d,.]+\s+[\d,.]+\s+190\.75\s+408\.75/);
      expect(table.out).toMatch(/Team=search\s+USW2-TimedStorage-ByteHrs\s+3\.10/);
      expect(table.out).toContain('Cost Explorer requests made: 4 (each billed at 0.01 USD)');
    } finally {
      await server.close();
    }
  });

  test('pages through GetCostAndUsage with NextPageToken', async () => {
    const server = await costExplorer({ Service: 'Active', Team: 'Active' }, GROUPS, { pageSize: 2 });
    try {
      const result = await cli(['actuals', dir, '--month', '2026-11', '--as-of', '2026-12-01', '--endpoint-url', server.url, '--format', 'json']);
      expect(result.code).toBe(0);
      const pages = server.requests.filter(r => r.target === 'AWSInsightsIndexService.GetCostAndUsage').map(r => [r.body.GroupBy[0].Key, r.body.NextPageToken]);
      expect(pages).toEqual([['iamPrincipal/Team', undefined], ['Service', undefined], ['Service', '2'], ['Service', '4'], ['Team', undefined], ['Team', '2']]);
      const json = JSON.parse(result.out);
      expect(json).toMatchObject({ complete: true, daysCounted: 30, requests: 7 });
      const search = json.lines.find((l: any) => l.attribution === 'profile' && l.tagKey === 'Team' && l.tagValue === 'search');
      expect(search).toMatchObject({ actualUsd: '190.75', projectedUsd: '190.75' });
    } finally {
      await server.close();
    }
  });

  test('throttling (LimitExceededException) is retried by the SDK; a throttle that lasts is one clear error', async () => {
    let throttles = 2;
    const server = await costExplorer({ Service: 'Active', Team: 'Active' }, GROUPS, {
      before: r => (r.target.endsWith('GetCostAndUsage') && throttles-- > 0
        ? { status: 400, body: { __type: 'LimitExceededException', Message: 'You made too many calls in a short period of time.' } } : undefined),
    });
    try {
      const result = await cli(['actuals', dir, '--month', '2026-11', '--as-of', '2026-11-15', '--endpoint-url', server.url, '--format', 'json']);
      expect(result.code).toBe(0);
      expect(server.requests.filter(r => r.target.endsWith('GetCostAndUsage'))).toHaveLength(5);
      expect(JSON.parse(result.out).lines.find((l: any) => l.attribution === 'profile' && l.tagValue === 'search').actualUsd).toBe('190.75');
    } finally {
      await server.close();
    }
    const always = await costExplorer({}, {}, { before: () => ({ status: 400, body: { __type: 'LimitExceededException', Message: 'slow down' } }) });
    try {
      const result = await cli(['actuals', dir, '--as-of', '2026-11-15', '--endpoint-url', always.url]);
      expect(result.code).toBe(1);
      expect(result.err.trim()).toBe('bedrock-cost actuals: Cost Explorer: request rate stayed throttled after retries. Run it again in a minute.');
    } finally {
      await always.close();
    }
  });

  test('a tag key not activated: Cost Explorer shows nothing for it, and the output says why', async () => {
    const server = await costExplorer({ Service: 'Inactive', Team: 'Active' }, { Team: GROUPS.Team });
    try {
      const result = await cli(['actuals', dir, '--month', '2026-11', '--as-of', '2026-11-15', '--endpoint-url', server.url]);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/profile\s+Service=service-1\s+1\s+[\d,.]+\s+–\s+0\.00\s+0\.00\s+-[\d,.]+\s+-100\.0%\s+tag key not activated/);
      expect(result.out).toContain('Service is not activated as a cost-allocation tag: Cost Explorer shows no cost for it (activate it with CostAllocationTagActivation, in the payer account).');
    } finally {
      await server.close();
    }
    const unseen = await costExplorer({ Team: 'Active' }, {});
    try {
      const result = await cli(['actuals', dir, '--month', '2026-11', '--as-of', '2026-11-15', '--endpoint-url', unseen.url, '--format', 'json']);
      expect(JSON.parse(result.out).tagKeys).toEqual([
        { attribution: 'principal', tagKey: 'Team', costExplorerKey: 'iamPrincipal/Team', status: 'not seen' },
        { attribution: 'profile', tagKey: 'Service', costExplorerKey: 'Service', status: 'not seen' },
        { attribution: 'profile', tagKey: 'Team', costExplorerKey: 'Team', status: 'active' },
      ]);
    } finally {
      await unseen.close();
    }
  });

  test('an empty month: no groups, every actual 0, the variance is the whole forecast', async () => {
    const server = await costExplorer({ Service: 'Active', Team: 'Active' }, {});
    try {
      const result = await cli(['actuals', dir, '--month', '2026-10', '--as-of', '2026-11-15', '--endpoint-url', server.url, '--format', 'json']);
      expect(result.code).toBe(0);
      const json = JSON.parse(result.out);
      expect(json).toMatchObject({ start: '2026-10-01', end: '2026-11-01', complete: true });
      expect(json.lines.every((l: any) => l.actualUsd === '0' && l.otherUsage.length === 0)).toBe(true);
      const search = json.lines.find((l: any) => l.tagValue === 'search');
      expect(search.varianceUsd).toBe(forecast('Team', 'search').negated().toFixed());
      expect(search.variancePercent).toBe('-100');
    } finally {
      await server.close();
    }
  });

  test('on the first day of the month there is nothing to ask Cost Explorer for yet', async () => {
    const server = await costExplorer({ Service: 'Active', Team: 'Active' }, GROUPS);
    try {
      const result = await cli(['actuals', dir, '--as-of', '2026-11-01', '--month', '2026-10', '--endpoint-url', server.url, '--format', 'json']);
      expect(result.code).toBe(0);
      const first = await cli(['actuals', dir, '--as-of', '2026-11-02', '--month', '2026-11', '--endpoint-url', server.url, '--format', 'json']);
      expect(JSON.parse(first.out)).toMatchObject({ daysCounted: 1 });
      const none = await cli(['actuals', dir, '--as-of', '2026-11-01', '--month', '2026-11', '--endpoint-url', server.url]);
      expect(none.code).toBe(1);
      expect(none.err).toContain('actuals: month has not begun on 2026-11-01: there is no billed cost to compare yet (got "2026-11")');
    } finally {
      await server.close();
    }
  });

  test('--fail-over: exit 3 when a tag value is projected over its forecast by more than the percentage, naming it', async () => {
    const search = forecast('Team', 'search');
    // Half the forecast in 14 of 30 days projects to about 107%.
    const half = search.divide(Dec.parse('2'), 2, 'half-up').toFixed();
    const server = await costExplorer({ Service: 'Active', Team: 'Active' }, { Team: [['search', 'USW2-MP:USW2_InputTokenCount-Units', half]] });
    try {
      const over = await cli(['actuals', dir, '--month', '2026-11', '--as-of', '2026-11-15', '--endpoint-url', server.url, '--fail-over', '5']);
      expect(over.code).toBe(3);
      expect(over.err).toMatch(/^bedrock-cost actuals: 1 tag value\(s\) projected over forecast by more than 5%: Team=search \(7\.1%\)\.\n$/);
      expect(over.out).toMatch(/Team=search.*over forecast by more than 5%/);
      const under = await cli(['actuals', dir, '--month', '2026-11', '--as-of', '2026-11-15', '--endpoint-url', server.url, '--fail-over', '10']);
      expect(under.code).toBe(0);
    } finally {
      await server.close();
    }
  });

  test('without credentials it says so with exit code 1; without ListCostAllocationTags permission it still reports', async () => {
    const none = await cli(['actuals', dir, '--as-of', '2026-11-15'], {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
      AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    });
    expect(none.code).toBe(1);
    expect(none.err).toContain('bedrock-cost actuals: AWS credentials: credentials were not found: actuals reads billed cost from Cost Explorer.');
    const server = await costExplorer({}, GROUPS, {
      before: r => (r.target.endsWith('ListCostAllocationTags') ? { status: 400, body: { __type: 'AccessDeniedException', Message: 'no' } } : undefined),
    });
    try {
      const result = await cli(['actuals', dir, '--as-of', '2026-11-15', '--endpoint-url', server.url]);
      expect(result.code).toBe(0);
      expect(result.out).toContain('Team: activation not checked (the credentials may not call ce:ListCostAllocationTags).');
    } finally {
      await server.close();
    }
  });

  test.each([
    [['actuals'], 2, 'give the cloud assembly directory'],
    [['actuals', '/x', '--month', '2026-13'], 2, '--month must be a month YYYY-MM'],
    [['actuals', '/x', '--fail-over', 'lots'], 2, '--fail-over must be a percentage of 0 or more'],
    [['actuals', '/x', '--fail-over=-1'], 2, '--fail-over must be a percentage of 0 or more'],
    [['actuals', '/x', '--as-of', 'today'], 2, '--as-of must be a date YYYY-MM-DD'],
    [['actuals', '/nonexistent/cdk.out'], 1, '/nonexistent/cdk.out: cloud assembly does not exist'],
  ])('%j exits %i', async (args, code, message) => {
    const result = await cli(args);
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
  });
});

describe('Bedrock usage types', () => {
  test.each([
    ['USE1-NovaPro-input-tokens', true],
    ['USE1-MP:USE1_InputTokenCount-Units', true],
    ['USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units', true],
    ['USE1-NovaPro-flex-output-tokens', true],
    ['USE1-MP:USE1_ProvisionedThroughput_1MonthCommit_ModelUnits_Usage', true],
    ['USE1-TimedStorage-ByteHrs', false],
    ['USE1-BoxUsage:m7g.large', false],
  ])('%s: %s', (usageType, bedrock) => {
    expect(isBedrockUsageType(usageType)).toBe(bedrock);
  });
});
