import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BudgetsClient, DescribeBudgetCommand } from '@aws-sdk/client-budgets';
import { App, Stack } from 'aws-cdk-lib';
import { mockClient } from 'aws-sdk-client-mock';
import { AlertTarget, BedrockModelId, CostAllocatedProfile, ProfileBudget, ProfileSource } from '../../src';
import { budgetStatuses } from '../../src/cli/budgets-command';
import { run } from '../../src/cli/main';
import { readReports } from '../../src/report/read-reports';
import { startJsonServer, TEST_CREDENTIALS } from '../helpers/aws-json-server';

/** A synthesized app with two budgets, in account 111122223333. */
function assembly(account?: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'budgets-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Profiles', { env: { region: 'us-west-2', account } });
  const profile = new CostAllocatedProfile(stack, 'Service1', {
    source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
    costAllocationTags: { Service: 'service-1' },
    pricesAsOf: '2025-03-01',
    expectedUsage: { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 },
  });
  new ProfileBudget(stack, 'Budget', { profiles: [profile], alertTargets: [AlertTarget.email('a@example.com')] });
  new ProfileBudget(stack, 'Fixed', { profiles: [profile], alertTargets: [AlertTarget.email('a@example.com')], limitUsd: '50' });
  app.synth();
  return outdir;
}

const ACCOUNT = '111122223333';

async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) {
      delete process.env[k];
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

const NO_CREDENTIALS = {
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
};

describe('bedrock-cost budgets status, with the real Budgets client against a local endpoint', () => {
  test('asks DescribeBudget for each budget the report lists, and shows actual vs forecast vs limit', async () => {
    const dir = assembly(ACCOUNT);
    const names = readReports(dir)[0].budgets.map(b => b.budgetName);
    const server = await startJsonServer(request => (request.body.BudgetName === names[0]
      ? {
        status: 200,
        body: {
          Budget: {
            BudgetName: names[0],
            BudgetType: 'COST',
            TimeUnit: 'MONTHLY',
            BudgetLimit: { Amount: '162.0', Unit: 'USD' },
            CalculatedSpend: { ActualSpend: { Amount: '100.123', Unit: 'USD' }, ForecastedSpend: { Amount: '170.5', Unit: 'USD' } },
          },
        },
      }
      : { status: 400, body: { __type: 'NotFoundException', Message: `Unable to get budget: ${request.body.BudgetName} - the budget doesn't exist.` } }));
    try {
      const result = await cli(['budgets', 'status', dir, '--endpoint-url', server.url, '--format', 'json'],
        { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey });
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(server.requests.map(r => [r.method, r.path, r.target, r.contentType, r.body])).toEqual(names.map(BudgetName => [
        'POST', '/', 'AWSBudgetServiceGateway.DescribeBudget', 'application/x-amz-json-1.1', { AccountId: ACCOUNT, BudgetName },
      ]));
      expect(server.requests[0].authorization).toContain('/us-east-1/budgets/aws4_request');
      expect(JSON.parse(result.out)).toEqual([
        {
          stack: 'Profiles',
          budgetName: names[0],
          costFilter: 'user:Service$service-1',
          plannedLimitUsd: '162.00',
          deployed: true,
          limitUsd: '162.00',
          actualUsd: '100.12',
          forecastedUsd: '170.50',
          usedPercent: '61.8',
          status: 'forecast over limit',
        },
        { stack: 'Profiles', budgetName: names[1], costFilter: 'user:Service$service-1', plannedLimitUsd: '50.00', deployed: false, status: 'not deployed' },
      ]);
      const table = await cli(['budgets', 'status', dir, '--endpoint-url', server.url],
        { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey });
      expect(table.out).toMatch(/Profiles\s+Profiles-Budget-\w+\s+user:Service\$service-1\s+162\.00\s+100\.12\s+170\.50\s+61\.8%\s+forecast over limit/);
    } finally {
      await server.close();
    }
  });

  test('without credentials it says so, once, with exit code 1', async () => {
    const result = await cli(['budgets', 'status', assembly(ACCOUNT)], NO_CREDENTIALS);
    expect(result.code).toBe(1);
    expect(result.err.trim()).toBe('bedrock-cost budgets: AWS credentials: credentials were not found: budgets status reads your budgets from AWS. '
      + 'Configure credentials allowed budgets:ViewBudget (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or SSO) and run it again.');
  });

  test.each([
    [['budgets'], 2, 'give a subcommand: budgets status <cdk.out>'],
    [['budgets', 'show', 'x'], 2, 'unknown subcommand "show"'],
    [['budgets', 'status'], 2, 'give the cloud assembly directory'],
    [['budgets', 'status', '/x', '--account-id', '12'], 2, '--account-id must be a 12-digit account id'],
  ])('%j exits %i', async (args, code, message) => {
    const result = await cli(args);
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
  });

  test('an account-agnostic stack needs --account-id', async () => {
    const result = await cli(['budgets', 'status', assembly()], { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('Profiles: account is not known (the stack is account-agnostic) (got "(deploy-time)"). Pass --account-id');
  });
});

describe('budget statuses (aws-sdk-client-mock)', () => {
  let budgets: ReturnType<typeof mockClient>;
  beforeAll(() => {
    budgets = mockClient(BudgetsClient);
  });
  afterAll(() => budgets.restore());
  beforeEach(() => budgets.reset());
  const reports = readReports(assembly(ACCOUNT));
  const client = () => new BudgetsClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS });
  const spend = (limit: string, actual: string, forecast: string) => ({
    Budget: {
      BudgetName: 'x',
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: limit, Unit: 'USD' },
      CalculatedSpend: { ActualSpend: { Amount: actual, Unit: 'USD' }, ForecastedSpend: { Amount: forecast, Unit: 'USD' } },
    },
  } as any);

  test('ok, forecast over, over', async () => {
    budgets.on(DescribeBudgetCommand).resolvesOnce(spend('100', '10', '90')).resolvesOnce(spend('100', '120', '150'));
    const statuses = await budgetStatuses(reports, client());
    expect(statuses.map(s => [s.status, s.usedPercent])).toEqual([['ok', '10.0'], ['over limit', '120.0']]);
  });

  test('--account-id overrides the stack account', async () => {
    budgets.on(DescribeBudgetCommand).resolves(spend('1', '0', '0'));
    await budgetStatuses(reports, client(), '999988887777');
    expect(budgets.commandCalls(DescribeBudgetCommand).map(c => (c.args[0].input as any).AccountId)).toEqual(['999988887777', '999988887777']);
  });

  test.each([
    ['AccessDeniedException', 'AWS Budgets: access was denied'],
    ['ThrottlingException', 'AWS Budgets: request rate stayed throttled after retries'],
  ])('%s becomes one clear error', async (name, message) => {
    budgets.on(DescribeBudgetCommand).rejects(Object.assign(new Error('nope'), { name }));
    await expect(budgetStatuses(reports, client())).rejects.toThrow(message);
  });

  test('a report without budgets says how to get one', async () => {
    const none = readReports(assembly(ACCOUNT)).map(r => ({ ...r, budgets: [] }));
    await expect(budgetStatuses(none, client())).rejects.toThrow('budgets are none: the cost reports list no ProfileBudget');
  });
});
