import {
  CostExplorerClient,
  ListCostAllocationTagBackfillHistoryCommand,
  StartCostAllocationTagBackfillCommand,
  UpdateCostAllocationTagsStatusCommand,
} from '@aws-sdk/client-cost-explorer';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { CostAllocationTagActivation } from '../../src';
import { costExplorerClient, handler, PHYSICAL_ID, setClient, setClock } from '../../src/budgets/activate-tags.lambda';
import { monthOf } from '../../src/budgets/backfill-month';
import { startJsonServer, TEST_CREDENTIALS } from '../helpers/aws-json-server';
import { expectClean } from '../helpers/synth';

const create = (keys: unknown) => ({ RequestType: 'Create' as const, ResourceProperties: { TagKeys: keys } });
const backfill = (keys: string[], month: string, type: 'Create' | 'Update' = 'Create', physicalId?: string) => ({
  RequestType: type, PhysicalResourceId: physicalId, ResourceProperties: { TagKeys: keys, BackfillFrom: month },
});

/** The handler logs one JSON summary per event (for the Lambda's log); captured here rather than printed. */
let logged: any[] = [];
beforeEach(() => {
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logged.push(JSON.parse(line)); });
});
afterEach(() => jest.restoreAllMocks());

describe('the tag-activation handler, with the real Cost Explorer client against a local endpoint', () => {
  afterEach(() => setClient(new CostExplorerClient({ region: 'us-east-1' })));

  test('sends UpdateCostAllocationTagsStatus over the JSON protocol, 20 keys a call', async () => {
    const server = await startJsonServer(() => ({ status: 200, body: { Errors: [] } }));
    setClient(new CostExplorerClient({ region: 'us-east-1', endpoint: server.url, credentials: TEST_CREDENTIALS }));
    try {
      const keys = Array.from({ length: 25 }, (_, i) => `Key${i}`);
      const result = await handler(create(keys));
      expect(server.requests).toHaveLength(2);
      const [first, second] = server.requests;
      expect([first.method, first.path, first.target, first.contentType]).toEqual([
        'POST', '/', 'AWSInsightsIndexService.UpdateCostAllocationTagsStatus', 'application/x-amz-json-1.1',
      ]);
      expect(first.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTTESTTESTTEST\/\d{8}\/us-east-1\/ce\/aws4_request/);
      expect(first.body).toEqual({ CostAllocationTagsStatus: keys.slice(0, 20).map(TagKey => ({ TagKey, Status: 'Active' })) });
      expect(second.body.CostAllocationTagsStatus).toHaveLength(5);
      expect(result).toEqual({
        PhysicalResourceId: PHYSICAL_ID,
        Data: { Activated: keys.join(','), Pending: '', Guidance: 'All tag keys are active.', Backfill: 'Not requested (no backfillFrom).' },
      });
    } finally {
      await server.close();
    }
  });

  test('throttling is retried by the client, with backoff, and then succeeds', async () => {
    const server = await startJsonServer((_r, i) => (i < 2
      ? { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } }
      : { status: 200, body: { Errors: [] } }));
    setClient(new CostExplorerClient({ region: 'us-east-1', endpoint: server.url, credentials: TEST_CREDENTIALS, maxAttempts: 4 }));
    try {
      const result = await handler(create(['Service']));
      expect(server.requests).toHaveLength(3);
      expect(result.Data!.Activated).toBe('Service');
    } finally {
      await server.close();
    }
  });

  test('keys AWS has not seen on a bill yet are pending, with guidance, and the stack does not fail', async () => {
    const server = await startJsonServer(() => ({
      status: 200,
      body: { Errors: [{ TagKey: 'NewKey', Code: 'TagKeysNotFoundException', Message: 'Tag keys not found' }] },
    }));
    setClient(new CostExplorerClient({ region: 'us-east-1', endpoint: server.url, credentials: TEST_CREDENTIALS }));
    try {
      const result = await handler(create(['Service', 'NewKey']));
      expect(result.Data).toMatchObject({ Activated: 'Service', Pending: 'NewKey' });
      expect(result.Data!.Guidance).toContain('Redeploy later with a new retryToken');
    } finally {
      await server.close();
    }
  });

  test('then requests the backfill over the same protocol: StartCostAllocationTagBackfill from the first of the month', async () => {
    const server = await startJsonServer(r => (r.target.endsWith('StartCostAllocationTagBackfill')
      ? { status: 200, body: { BackfillRequest: { BackfillFrom: r.body.BackfillFrom, RequestedAt: '2026-12-02T10:00:00Z', BackfillStatus: 'PROCESSING' } } }
      : { status: 200, body: { Errors: [] } }));
    setClient(new CostExplorerClient({ region: 'us-east-1', endpoint: server.url, credentials: TEST_CREDENTIALS }));
    setClock(() => new Date('2026-12-02T10:00:00Z'));
    try {
      const result = await handler(backfill(['Service'], '2026-10'));
      expect(server.requests.map(r => r.target)).toEqual([
        'AWSInsightsIndexService.UpdateCostAllocationTagsStatus', 'AWSInsightsIndexService.StartCostAllocationTagBackfill',
      ]);
      expect(server.requests[1].body).toEqual({ BackfillFrom: '2026-10-01T00:00:00Z' });
      expect(result.Data!.Backfill).toBe('Requested from 2026-10: PROCESSING. Cost Explorer applies the keys\' status to the spend since then, '
        + 'asynchronously.');
    } finally {
      setClock(() => new Date());
      await server.close();
    }
  });

  test('a refusal is read by its __type over the wire: one backfill at a time is not a failure', async () => {
    const server = await startJsonServer(r => {
      if (r.target.endsWith('StartCostAllocationTagBackfill')) {
        return { status: 400, body: { __type: 'BackfillLimitExceededException', Message: 'A request to backfill is already in progress' } };
      }
      if (r.target.endsWith('ListCostAllocationTagBackfillHistory')) {
        return { status: 200, body: { BackfillRequests: [{ BackfillFrom: '2026-01-01T00:00:00Z', RequestedAt: '2026-12-01T08:00:00Z', BackfillStatus: 'PROCESSING' }] } };
      }
      return { status: 200, body: { Errors: [] } };
    });
    setClient(new CostExplorerClient({ region: 'us-east-1', endpoint: server.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 }));
    try {
      const result = await handler(backfill(['Service'], monthOf(new Date(), -1)));
      expect(server.requests.map(r => r.target.split('.')[1])).toEqual([
        'UpdateCostAllocationTagsStatus', 'StartCostAllocationTagBackfill', 'ListCostAllocationTagBackfillHistory',
      ]);
      expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
      expect(result.Data!.Backfill).toMatch(/^Not requested: Cost Explorer refused \(BackfillLimitExceededException: A request to backfill is already in progress\)/);
    } finally {
      await server.close();
    }
  });
});

describe('the Cost Explorer endpoint follows the function\'s partition (nothing pinned to us-east-1)', () => {
  test.each([
    ['us-west-2', 'https://ce.us-east-1.amazonaws.com/', 'us-east-1'],
    ['eu-central-1', 'https://ce.us-east-1.amazonaws.com/', 'us-east-1'],
    ['cn-north-1', 'https://ce.cn-northwest-1.amazonaws.com.cn/', 'cn-northwest-1'],
    ['cn-northwest-1', 'https://ce.cn-northwest-1.amazonaws.com.cn/', 'cn-northwest-1'],
    ['us-gov-east-1', 'https://ce.us-gov-west-1.amazonaws.com/', 'us-gov-west-1'],
  ])('a function in %s calls %s, signing for %s', async (region, url, signingRegion) => {
    const client = costExplorerClient(region);
    const endpoint = (client.config as any).endpointProvider({ Region: await client.config.region(), UseFIPS: false, UseDualStack: false });
    expect([endpoint.url.href, endpoint.properties.authSchemes[0].signingRegion]).toEqual([url, signingRegion]);
  });

  test('the default client takes the Region Lambda sets', async () => {
    const saved = process.env.AWS_REGION;
    process.env.AWS_REGION = 'cn-north-1';
    try {
      expect(await costExplorerClient().config.region()).toBe('cn-north-1');
    } finally {
      process.env.AWS_REGION = saved;
    }
  });
});

describe('the tag-activation handler flows (aws-sdk-client-mock)', () => {
  // Created here, not at module load: mockClient patches the client class for everyone.
  let ce: ReturnType<typeof mockClient>;
  beforeAll(() => {
    ce = mockClient(CostExplorerClient);
  });
  afterAll(() => ce.restore());
  beforeEach(() => {
    ce.reset();
    setClient(new CostExplorerClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS }));
  });

  test('create and update activate; the physical id is stable', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).resolves({ Errors: [] });
    const created = await handler(create(['Service', 'Team', 'Service']));
    const updated = await handler({ RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: { TagKeys: ['Service', 'CostCenter'] } });
    expect([created.PhysicalResourceId, updated.PhysicalResourceId]).toEqual([PHYSICAL_ID, PHYSICAL_ID]);
    const keysPerCall = ce.commandCalls(UpdateCostAllocationTagsStatusCommand)
      .map(c => (c.args[0].input as any).CostAllocationTagsStatus.map((x: any) => x.TagKey));
    expect(keysPerCall)
      .toEqual([['Service', 'Team'], ['Service', 'CostCenter']]);
  });

  test('delete never deactivates: no call at all', async () => {
    const result = await handler({ RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: { TagKeys: ['Service'] } });
    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(ce.calls()).toHaveLength(0);
  });

  test('a call refused because of one unknown key is retried key by key to find it', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).callsFake(input => {
      if (input.CostAllocationTagsStatus.some((s: any) => s.TagKey === 'Fresh')) {
        throw Object.assign(new Error('Tag keys not found: Fresh'), { name: 'TagKeysNotFoundException' });
      }
      return { Errors: [] };
    });
    const result = await handler(create(['Service', 'Fresh', 'Team']));
    expect(result.Data).toMatchObject({ Activated: 'Service,Team', Pending: 'Fresh' });
    expect(logged).toEqual([expect.objectContaining({ activated: ['Service', 'Team'], pending: ['Fresh'], guidance: expect.stringContaining('Not yet activatable: Fresh') })]);
    expect(ce.calls()).toHaveLength(4);
  });

  test('outside the payer account: a clear error (the stack fails, as it should)', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    await expect(handler(create(['Service']))).rejects.toThrow(/only from the management \(payer\) account .* Deploy CostAllocationTagActivation there/);
  });

  test('other per-key errors fail with the key and reason; other exceptions pass through', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).resolvesOnce({ Errors: [{ TagKey: 'x', Code: 'InvalidParameter', Message: 'bad key' }] })
      .rejectsOnce(new Error('socket hang up'));
    await expect(handler(create(['x']))).rejects.toThrow('Cost Explorer refused to activate x (InvalidParameter: bad key)');
    await expect(handler(create(['y']))).rejects.toThrow('socket hang up');
  });

  test('only TagKeysNotFoundException means pending: other codes fail, whatever their message says', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).resolvesOnce({ Errors: [{ TagKey: 'x', Code: 'ResourceNotFoundException', Message: 'Tag key not found' }] })
      .rejectsOnce(Object.assign(new Error('Tag keys not found'), { name: 'ServiceUnavailableException' }));
    await expect(handler(create(['x']))).rejects.toThrow('Cost Explorer refused to activate x (ResourceNotFoundException: Tag key not found)');
    await expect(handler(create(['y']))).rejects.toThrow('Tag keys not found');
  });

  test('bad properties are refused', async () => {
    await expect(handler(create([]))).rejects.toThrow('TagKeys must be a non-empty list of tag keys');
    await expect(handler(create('Service'))).rejects.toThrow('TagKeys must be a non-empty list');
    await expect(handler(backfill(['Service'], '2026-13'))).rejects.toThrow('BackfillFrom must be a month written YYYY-MM, got "2026-13"');
    expect(ce.calls()).toHaveLength(0);
  });
});

describe('the backfill flows (aws-sdk-client-mock)', () => {
  const NOW = new Date('2026-12-02T10:00:00Z');
  let ce: ReturnType<typeof mockClient>;
  beforeAll(() => {
    ce = mockClient(CostExplorerClient);
  });
  afterAll(() => {
    ce.restore();
    setClock(() => new Date());
  });
  beforeEach(() => {
    ce.reset();
    setClient(new CostExplorerClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS }));
    setClock(() => NOW);
    ce.on(StartCostAllocationTagBackfillCommand).resolves({ BackfillRequest: { BackfillStatus: 'PROCESSING' } });
  });
  const started = () => ce.commandCalls(StartCostAllocationTagBackfillCommand).map(c => c.args[0].input.BackfillFrom);

  test('once per set of active keys: a redeploy or a retried event asks nothing; a newly active key asks again', async () => {
    let teamSeen = false;
    ce.on(UpdateCostAllocationTagsStatusCommand).callsFake(() => ({
      Errors: teamSeen ? [] : [{ TagKey: 'Team', Code: 'TagKeysNotFoundException', Message: 'Failed to update Cost Allocation Tag: Team' }],
    }));
    const first = await handler(backfill(['Service', 'Team'], '2026-09'));
    expect(first.Data).toMatchObject({ Activated: 'Service', Pending: 'Team', Backfill: expect.stringMatching(/^Requested from 2026-09: PROCESSING/) });
    expect(first.PhysicalResourceId).toMatch(/^cost-allocation-tags\/backfill-2026-09-[0-9a-f]{16}$/);

    // The same event again (retried, or a redeploy while Team is still pending): nothing new.
    const again = await handler(backfill(['Service', 'Team'], '2026-09', 'Update', first.PhysicalResourceId));
    expect([again.PhysicalResourceId, again.Data!.Backfill]).toEqual([first.PhysicalResourceId, 'Already requested from 2026-09 for these keys.']);

    // A later deploy (new retryToken) activates Team: the active set changed, so one more backfill.
    teamSeen = true;
    const later = await handler(backfill(['Service', 'Team'], '2026-09', 'Update', first.PhysicalResourceId));
    expect(later.Data).toMatchObject({ Activated: 'Service,Team', Pending: '' });
    expect(later.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
    expect(started()).toEqual(['2026-09-01T00:00:00Z', '2026-09-01T00:00:00Z']);

    // So does another month for the same keys.
    const earlier = await handler(backfill(['Service', 'Team'], '2026-06', 'Update', later.PhysicalResourceId));
    expect(earlier.PhysicalResourceId).toMatch(/^cost-allocation-tags\/backfill-2026-06-/);
    expect(started()).toHaveLength(3);
  });

  test('without an active key there is nothing to backfill yet', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).resolves({ Errors: [{ TagKey: 'New', Code: 'TagKeysNotFoundException', Message: 'x' }] });
    const result = await handler(backfill(['New'], '2026-11'));
    expect([result.PhysicalResourceId, result.Data!.Backfill]).toEqual([PHYSICAL_ID, 'Not requested: no key is active yet. Redeploy with a new retryToken once they are.']);
    expect(started()).toEqual([]);
  });

  test.each([
    ['2025-01', '2025-12', '2025-01 is more than 12 months back; Cost Explorer backfills from 2025-12 at the earliest'],
    ['2027-03', '2026-12', '2027-03 is in the future; backfilled from the current month'],
    ['2025-12', '2025-12', undefined],
    ['2026-12', '2026-12', undefined],
  ])('backfillFrom %s is sent as %s (Cost Explorer takes the previous twelve months at most)', async (month, sent, note) => {
    ce.on(UpdateCostAllocationTagsStatusCommand).resolves({ Errors: [] });
    const result = await handler(backfill(['Service'], month));
    expect(started()).toEqual([`${sent}-01T00:00:00Z`]);
    expect(result.Data!.Backfill).toBe(`Requested from ${sent}${note ? ` (${note})` : ''}: PROCESSING. `
      + 'Cost Explorer applies the keys\' status to the spend since then, asynchronously.');
  });

  test('one backfill at a time: refused for now, reported, not fatal, and asked again on the next deploy', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).resolves({ Errors: [] });
    ce.on(StartCostAllocationTagBackfillCommand).rejects(Object.assign(new Error('A request to backfill is already in progress.'), { name: 'BackfillLimitExceededException' }));
    ce.on(ListCostAllocationTagBackfillHistoryCommand)
      .resolvesOnce({ BackfillRequests: [{ BackfillFrom: '2026-01-01T00:00:00Z', RequestedAt: '2026-12-02T09:00:00Z', BackfillStatus: 'PROCESSING' }], NextToken: 'p2' })
      .resolvesOnce({ BackfillRequests: [{ BackfillFrom: '2026-01-01T00:00:00Z', RequestedAt: '2026-11-02T09:00:00Z', BackfillStatus: 'SUCCEEDED' }] });
    const previous = 'cost-allocation-tags/backfill-2026-01-0000000000000000';
    const result = await handler(backfill(['Service'], '2026-01', 'Update', previous));
    expect(result.PhysicalResourceId).toBe(previous); // so that the next deploy asks again
    expect(result.Data!.Backfill).toContain('Not requested: Cost Explorer refused (BackfillLimitExceededException: A request to backfill is already in progress.)');
    expect(result.Data!.Backfill).toContain('Redeploy with a new retryToken once the running one has finished');
    expect(ce.commandCalls(ListCostAllocationTagBackfillHistoryCommand).map(c => c.args[0].input.NextToken)).toEqual([undefined, 'p2']);
  });

  test('refused for now, but a backfill requested after this deploy began covers the keys (another stack, or a retried event)', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).resolves({ Errors: [] });
    ce.on(StartCostAllocationTagBackfillCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }));
    ce.on(ListCostAllocationTagBackfillHistoryCommand).resolves({
      BackfillRequests: [
        { BackfillFrom: '2026-06-01T00:00:00Z', RequestedAt: '2026-12-02T10:00:05Z', BackfillStatus: 'PROCESSING' }, // starts too late
        { BackfillFrom: '2026-01-01T00:00:00Z', RequestedAt: '2026-12-02T10:00:05Z', BackfillStatus: 'FAILED' },
        { BackfillFrom: '2026-01-01T00:00:00Z', RequestedAt: '2026-12-02T10:00:06Z', BackfillStatus: 'PROCESSING' },
      ],
    });
    const result = await handler(backfill(['Service'], '2026-03'));
    expect(result.PhysicalResourceId).toMatch(/^cost-allocation-tags\/backfill-2026-03-/);
    expect(result.Data!.Backfill).toBe('Covered by the backfill from 2026-01-01T00:00:00Z requested at 2026-12-02T10:00:06Z (PROCESSING).');
  });

  test('a month Cost Explorer refuses is reported; other errors fail the deploy, saying the keys are activated', async () => {
    ce.on(UpdateCostAllocationTagsStatusCommand).resolves({ Errors: [] });
    ce.on(StartCostAllocationTagBackfillCommand)
      .rejectsOnce(Object.assign(new Error('Invalid BackfillFrom'), { name: 'ValidationException' }))
      .rejectsOnce(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }))
      .rejectsOnce(new Error('socket hang up'));
    const refused = await handler(backfill(['Service'], '2026-05'));
    expect([refused.PhysicalResourceId, refused.Data!.Backfill]).toEqual([
      PHYSICAL_ID, 'Not requested: Cost Explorer refused BackfillFrom 2026-05-01T00:00:00Z (ValidationException: Invalid BackfillFrom).',
    ]);
    await expect(handler(backfill(['Service'], '2026-05'))).rejects.toThrow('The tag backfill from 2026-05-01T00:00:00Z failed (AccessDeniedException: '
      + 'not authorized); the keys themselves are activated. A backfill can be requested only from the management (payer) account');
    await expect(handler(backfill(['Service'], '2026-05'))).rejects.toThrow('failed (Error: socket hang up); the keys themselves are activated.');
  });

  test('delete neither deactivates nor backfills', async () => {
    const result = await handler({ RequestType: 'Delete', PhysicalResourceId: 'cost-allocation-tags/backfill-x', ResourceProperties: { TagKeys: ['S'], BackfillFrom: '2026-01' } });
    expect(result).toEqual({ PhysicalResourceId: 'cost-allocation-tags/backfill-x' });
    expect(ce.calls()).toHaveLength(0);
  });
});

describe('CostAllocationTagActivation', () => {
  test('a custom resource with sorted, unique keys; the handler may call one action only', () => {
    const app = new App();
    const s = new Stack(app, 'Payer', { env: { region: 'us-east-1' } });
    new CostAllocationTagActivation(s, 'Tags', { tagKeys: ['Team', 'Service', 'Team'], retryToken: '1' });
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::CostAllocationTagActivation', { TagKeys: ['Service', 'Team'], RetryToken: '1' });
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Timeout: 120, MemorySize: 256 });
    const statements = Object.values<any>(t.findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement).filter((x: any) => JSON.stringify(x.Action).includes('ce:'));
    expect(statements).toEqual([{ Effect: 'Allow', Action: 'ce:UpdateCostAllocationTagsStatus', Resource: '*' }]);
    expectClean(app);
  });

  test('backfillFrom: the property, the two backfill actions for the shared handler, the attribute', () => {
    const app = new App();
    const s = new Stack(app, 'Payer', { env: { region: 'us-east-1' } });
    const month = monthOf(new Date(), -2);
    const a = new CostAllocationTagActivation(s, 'A', { tagKeys: ['Service'], backfillFrom: month });
    new CostAllocationTagActivation(s, 'B', { tagKeys: ['Team'], backfillFrom: month });
    new CostAllocationTagActivation(s, 'C', { tagKeys: ['CostCenter'] });
    const t = Template.fromStack(s);
    t.hasResourceProperties('Custom::CostAllocationTagActivation', { TagKeys: ['Service'], BackfillFrom: month });
    t.hasResourceProperties('Custom::CostAllocationTagActivation', { TagKeys: ['CostCenter'], BackfillFrom: Match.absent() });
    const statements = Object.values<any>(t.findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement).filter((x: any) => JSON.stringify(x.Action).includes('ce:'));
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'ce:UpdateCostAllocationTagsStatus', Resource: '*' },
      { Effect: 'Allow', Action: ['ce:StartCostAllocationTagBackfill', 'ce:ListCostAllocationTagBackfillHistory'], Resource: '*' },
    ]);
    expect(s.resolve(a.backfill)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^A[0-9A-F]{8}$/), 'Backfill'] });
    expectClean(app);
  });

  test('without backfillFrom the role cannot backfill', () => {
    const s = new Stack(new App(), 'Payer', { env: { region: 'us-east-1' } });
    new CostAllocationTagActivation(s, 'A', { tagKeys: ['Service'] });
    const actions = Object.values<any>(Template.fromStack(s).findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement).flatMap((x: any) => [x.Action].flat());
    expect(actions.filter((a: string) => a.startsWith('ce:'))).toEqual(['ce:UpdateCostAllocationTagsStatus']);
  });

  test('a month more than twelve back warns (the handler moves it forward); a token passes to the handler', () => {
    const s = new Stack(new App(), 'Payer', { env: { region: 'us-east-1' } });
    new CostAllocationTagActivation(s, 'Old', { tagKeys: ['Service'], backfillFrom: monthOf(new Date(), -13) });
    const param = new CfnParameter(s, 'From', { type: 'String' });
    new CostAllocationTagActivation(s, 'Token', { tagKeys: ['Team'], backfillFrom: param.valueAsString });
    Annotations.fromStack(s).hasWarning('/Payer/Old', Match.stringLikeRegexp(`backfillFrom ${monthOf(new Date(), -13)} is more than 12 months back`));
    Template.fromStack(s).hasResourceProperties('Custom::CostAllocationTagActivation', { TagKeys: ['Team'], BackfillFrom: { Ref: 'From' } });
  });

  test('one provider per stack, shared by every activation', () => {
    const s = new Stack(new App(), 'Payer', { env: { region: 'us-east-1' } });
    new CostAllocationTagActivation(s, 'A', { tagKeys: ['Service'] });
    new CostAllocationTagActivation(s, 'B', { tagKeys: ['Team'] });
    Template.fromStack(s).resourceCountIs('AWS::Lambda::Function', 2); // the handler and the Provider framework
  });

  test.each([
    [{ tagKeys: [] }, 'Payer/T: tagKeys must list at least one tag key'],
    [{ tagKeys: ['aws:createdBy'] }, 'Payer/T: tagKeys[0] is an AWS-generated tag'],
    [{ tagKeys: ['bad,key'] }, 'Payer/T: tagKeys[0] must match'],
    [{ tagKeys: ['Service'], retryToken: 7 }, 'Payer/T: retryToken must be a string'],
    [{ tagKeys: ['Service'], backfillFrom: '2026-11-01' }, 'Payer/T: backfillFrom must be a month written YYYY-MM (got "2026-11-01")'],
    [{ tagKeys: ['Service'], backfillFrom: 202611 }, 'Payer/T: backfillFrom must be a month written YYYY-MM (got 202611)'],
    [{ tagKeys: ['Service'], backfillFrom: monthOf(new Date(), 1) }, `Payer/T: backfillFrom is in the future (this month is ${monthOf(new Date())})`],
  ])('bad input %# is named', (props, message) => {
    expect(() => new CostAllocationTagActivation(new Stack(new App(), 'Payer'), 'T', props as any)).toThrow(message);
  });
});
