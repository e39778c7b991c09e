import { CostExplorerClient, UpdateCostAllocationTagsStatusCommand } from '@aws-sdk/client-cost-explorer';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { CostAllocationTagActivation } from '../../src';
import { handler, PHYSICAL_ID, setClient } from '../../src/budgets/activate-tags.lambda';
import { startJsonServer, TEST_CREDENTIALS } from '../helpers/aws-json-server';
import { expectClean } from '../helpers/synth';

const create = (keys: unknown) => ({ RequestType: 'Create' as const, ResourceProperties: { TagKeys: keys } });

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
      expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { Activated: keys.join(','), Pending: '', Guidance: 'All tag keys are active.' } });
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

  test('bad properties are refused', async () => {
    await expect(handler(create([]))).rejects.toThrow('TagKeys must be a non-empty list of tag keys');
    await expect(handler(create('Service'))).rejects.toThrow('TagKeys must be a non-empty list');
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
  ])('bad input %# is named', (props, message) => {
    expect(() => new CostAllocationTagActivation(new Stack(new App(), 'Payer'), 'T', props as any)).toThrow(message);
  });
});
