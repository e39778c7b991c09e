import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { JsonServer, Reply, startJsonServer, TEST_CREDENTIALS } from '../helpers/aws-json-server';

/**
 * The handlers as Lambda runs them: the minified esbuild bundles in assets/ (what the stacks
 * deploy), in a fresh Node process, with the SDK clients they bundle, against local endpoints.
 * The flow tests exercise the sources; these prove the bundles load and speak the same wire.
 */
const run = promisify(execFile);
const ASSETS = path.join(__dirname, '..', '..', 'assets');

async function invoke(asset: string, event: unknown, endpoints: Record<string, string>): Promise<any> {
  const script = `require(${JSON.stringify(path.join(ASSETS, asset, 'index.js'))}).handler(${JSON.stringify(event)})`
    + ".then(r => console.log('RESULT ' + JSON.stringify(r)), e => console.log('RESULT ' + JSON.stringify({ error: e.name, message: e.message })));";
  const { stdout } = await run(process.execPath, ['-e', script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_MAX_ATTEMPTS: '1',
      ...endpoints,
    },
  });
  // The handlers log a summary line of their own first.
  const line = stdout.split('\n').find(l => l.startsWith('RESULT '));
  return JSON.parse(line!.slice('RESULT '.length));
}

async function withServers<T>(replies: Array<(r: any, i: number) => Reply>, body: (servers: JsonServer[]) => Promise<T>): Promise<T> {
  const servers = await Promise.all(replies.map(reply => startJsonServer(reply)));
  try {
    return await body(servers);
  } finally {
    await Promise.all(servers.map(s => s.close()));
  }
}

test('the assets are minified bundles', () => {
  for (const asset of ['logging/logging-config.lambda', 'budgets/activate-tags.lambda']) {
    const bytes = fs.statSync(path.join(ASSETS, asset, 'index.js')).size;
    expect([asset, bytes < 1_000_000]).toEqual([asset, true]);
  }
});

test('the bundled tag-activation handler calls UpdateCostAllocationTagsStatus', async () => {
  await withServers([() => ({ status: 200, body: { Errors: [] } })], async ([ce]) => {
    const result = await invoke('budgets/activate-tags.lambda', { RequestType: 'Create', ResourceProperties: { TagKeys: ['Service', 'Team'] } },
      { AWS_ENDPOINT_URL_COST_EXPLORER: ce.url });
    expect(result.Data).toMatchObject({ Activated: 'Service,Team', Pending: '' });
    expect(ce.requests.map(r => r.target)).toEqual(['AWSInsightsIndexService.UpdateCostAllocationTagsStatus']);
    expect(ce.requests[0].body).toEqual({ CostAllocationTagsStatus: [{ TagKey: 'Service', Status: 'Active' }, { TagKey: 'Team', Status: 'Active' }] });
  });
});

test('the bundled tag-activation handler requests the backfill, from the function\'s Region, over the JSON protocol', async () => {
  const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  await withServers([r => (r.target.endsWith('StartCostAllocationTagBackfill')
    ? { status: 200, body: { BackfillRequest: { BackfillStatus: 'PROCESSING' } } }
    : { status: 200, body: { Errors: [] } })], async ([ce]) => {
    const result = await invoke('budgets/activate-tags.lambda',
      { RequestType: 'Create', ResourceProperties: { TagKeys: ['Service'], BackfillFrom: lastMonth } },
      { AWS_ENDPOINT_URL_COST_EXPLORER: ce.url });
    expect(result.Data.Backfill).toMatch(new RegExp(`^Requested from ${lastMonth}: PROCESSING`));
    expect(ce.requests.map(r => r.target)).toEqual([
      'AWSInsightsIndexService.UpdateCostAllocationTagsStatus', 'AWSInsightsIndexService.StartCostAllocationTagBackfill',
    ]);
    expect(ce.requests[1].body).toEqual({ BackfillFrom: `${lastMonth}-01T00:00:00Z` });
    // Signed for the function's own Region: no Region is pinned in the handler.
    expect(ce.requests[0].authorization).toMatch(/Credential=[A-Z0-9]+\/\d{8}\/us-west-2\/ce\/aws4_request/);
  });
});

test('the bundled logging handler reads, records and puts the configuration; refuses a foreign one by name; restores after checking the bucket owner', async () => {
  const config = {
    cloudWatchConfig: { logGroupName: '/bedrock/model-invocations/Stack-Logging-1', roleArn: 'arn:aws:iam::111111111111:role/Delivery' },
    textDataDeliveryEnabled: true,
  };
  const event = {
    RequestType: 'Create',
    StackId: 'arn:aws:cloudformation:us-west-2:111111111111:stack/Stack/0a1b2c3d-0000-4000-8000-000000000001',
    LogicalResourceId: 'Logging1234',
    ResourceProperties: {
      LoggingConfiguration: JSON.stringify(config), TakeOver: 'false', OnDelete: 'RESTORE_PREVIOUS', StateParameterName: '/p/state',
    },
  };
  const json = { 'content-type': 'application/json' };
  const ssmReply = (r: any): Reply => (r.target.endsWith('GetParameter')
    ? { status: 400, body: { __type: 'ParameterNotFound', message: 'no' } }
    : { status: 200, body: { Version: 1 } });
  await withServers([r => ({ status: 200, body: r.method === 'GET' ? {} : undefined, headers: json }), ssmReply], async ([bedrock, ssm]) => {
    const result = await invoke('logging/logging-config.lambda', event, { AWS_ENDPOINT_URL_BEDROCK: bedrock.url, AWS_ENDPOINT_URL_SSM: ssm.url });
    expect(result.Data).toEqual({ LogGroupName: config.cloudWatchConfig.logGroupName, Replaced: 'none' });
    expect(bedrock.requests.map(r => `${r.method} ${r.path}`)).toEqual(['GET /logging/modelinvocations', 'PUT /logging/modelinvocations']);
    expect(bedrock.requests[1].body).toEqual({ loggingConfig: config });
    expect(ssm.requests.map(r => r.target)).toEqual(['AmazonSSM.GetParameter', 'AmazonSSM.PutParameter']);
  });
  const foreign = { ...config, cloudWatchConfig: { ...config.cloudWatchConfig, logGroupName: 'security-team-bedrock' } };
  await withServers([() => ({ status: 200, body: { loggingConfig: foreign }, headers: json }), ssmReply], async ([bedrock, ssm]) => {
    const result = await invoke('logging/logging-config.lambda', event, { AWS_ENDPOINT_URL_BEDROCK: bedrock.url, AWS_ENDPOINT_URL_SSM: ssm.url });
    expect(result.message).toMatch(/already delivers to CloudWatch Logs group security-team-bedrock/);
    expect(bedrock.requests.map(r => r.method)).toEqual(['GET']);
  });
  // Delete restores the original only after S3 says its bucket is this account's (a signed HeadBucket).
  const original = { ...foreign, s3Config: { bucketName: 'security-archive' } };
  const state = { schemaVersion: 1, original, owners: [{ stackId: event.StackId, logicalId: event.LogicalResourceId, config }] };
  const stateReply = (r: any): Reply => (r.target.endsWith('GetParameter')
    ? { status: 200, body: { Parameter: { Value: JSON.stringify(state) } } }
    : { status: 200, body: {} });
  const bedrockReply = (r: any): Reply => ({ status: 200, body: r.method === 'GET' ? { loggingConfig: config } : undefined, headers: json });
  await withServers([bedrockReply, stateReply, () => ({ status: 200, body: undefined })], async ([bedrock, ssm, s3]) => {
    const env = { AWS_ENDPOINT_URL_BEDROCK: bedrock.url, AWS_ENDPOINT_URL_SSM: ssm.url, AWS_ENDPOINT_URL_S3: s3.url };
    const result = await invoke('logging/logging-config.lambda', { ...event, RequestType: 'Delete', PhysicalResourceId: 'bedrock-model-invocation-logging' }, env);
    expect(result.Data.Action).toBe('restore');
    expect(s3.requests.map(r => [r.method, r.path, r.headers['x-amz-expected-bucket-owner']])).toEqual([['HEAD', '/security-archive', '111111111111']]);
    expect(bedrock.requests.map(r => r.method)).toEqual(['GET', 'PUT']);
    expect(bedrock.requests[1].body).toEqual({ loggingConfig: original });
  });
});
