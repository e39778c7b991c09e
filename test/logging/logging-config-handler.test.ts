import {
  BedrockClient,
  DeleteModelInvocationLoggingConfigurationCommand,
  GetModelInvocationLoggingConfigurationCommand,
  LoggingConfig,
  PutModelInvocationLoggingConfigurationCommand,
} from '@aws-sdk/client-bedrock';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BASE_DELAY_MS, handler, LoggingEvent, MAX_ATTEMPTS, MAX_DELAY_MS, PHYSICAL_ID, setDependencies, VALIDATION_ATTEMPTS,
} from '../../src/logging/logging-config.lambda';
import { startJsonServer, TEST_CREDENTIALS } from '../helpers/aws-json-server';

const PARAMETER = '/cdk-bedrock-cost-profiles/invocation-logging/state';
const STACK_ID = 'arn:aws:cloudformation:us-west-2:111111111111:stack/Stack/0a1b2c3d-0000-4000-8000-000000000001';
const LOGICAL_ID = 'LoggingResource1A2B3C4D';
const ME = { stackId: STACK_ID, logicalId: LOGICAL_ID };
const state = (owners: Array<{ stackId: string; logicalId: string; config: LoggingConfig }>, original: LoggingConfig | null = null) =>
  JSON.stringify({ schemaVersion: 1, original, owners });
const OURS: LoggingConfig = {
  cloudWatchConfig: { logGroupName: '/bedrock/model-invocations/Stack-Logging-1', roleArn: 'arn:aws:iam::111111111111:role/Delivery' },
  textDataDeliveryEnabled: true,
  imageDataDeliveryEnabled: false,
  embeddingDataDeliveryEnabled: false,
  videoDataDeliveryEnabled: false,
  audioDataDeliveryEnabled: false,
};
const FOREIGN: LoggingConfig = {
  cloudWatchConfig: { logGroupName: 'security-team-bedrock', roleArn: 'arn:aws:iam::111111111111:role/SecurityLogging' },
  s3Config: { bucketName: 'security-archive', keyPrefix: 'bedrock' },
  textDataDeliveryEnabled: true,
};

function event(type: 'Create' | 'Update' | 'Delete', extra: Partial<LoggingEvent['ResourceProperties']> = {}, config = OURS): LoggingEvent {
  return {
    RequestType: type,
    StackId: STACK_ID,
    LogicalResourceId: LOGICAL_ID,
    PhysicalResourceId: type === 'Create' ? undefined : PHYSICAL_ID,
    ResourceProperties: { LoggingConfiguration: JSON.stringify(config), TakeOver: 'false', OnDelete: 'RESTORE_PREVIOUS', StateParameterName: PARAMETER, ...extra },
  };
}

const notFound = () => Object.assign(new Error('not found'), { name: 'ParameterNotFound' });
const awsError = (name: string, status: number) => Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });

describe('the logging handler, with the real clients against local endpoints (wire format)', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => {
    setDependencies({ bedrock: new BedrockClient({}), ssm: new SSMClient({}) });
    jest.restoreAllMocks();
  });

  async function servers(bedrockReply: Parameters<typeof startJsonServer>[0], ssmReply: Parameters<typeof startJsonServer>[0]) {
    const bedrock = await startJsonServer(bedrockReply);
    const ssm = await startJsonServer(ssmReply);
    const config = { region: 'us-west-2', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    setDependencies({
      bedrock: new BedrockClient({ ...config, endpoint: bedrock.url }),
      ssm: new SSMClient({ ...config, endpoint: ssm.url }),
      sleep: async () => undefined,
    });
    return { bedrock, ssm, close: () => Promise.all([bedrock.close(), ssm.close()]) };
  }

  test('Create: GET, then PUT /logging/modelinvocations with the configuration as JSON; the SSM state says there was none', async () => {
    const s = await servers(
      r => ({ status: 200, body: r.method === 'GET' ? {} : undefined, headers: { 'content-type': 'application/json' } }),
      r => (r.target.endsWith('GetParameter')
        ? { status: 400, body: { __type: 'ParameterNotFound', message: 'no' } }
        : { status: 200, body: { Version: 1 } }),
    );
    try {
      const result = await handler(event('Create'));
      expect(s.bedrock.requests.map(r => `${r.method} ${r.path}`)).toEqual(['GET /logging/modelinvocations', 'PUT /logging/modelinvocations']);
      const put = s.bedrock.requests[1];
      expect(put.contentType).toBe('application/json');
      expect(put.authorization).toMatch(/Credential=AKIDTESTTESTTESTTEST\/\d{8}\/us-west-2\/bedrock\/aws4_request/);
      expect(put.body).toEqual({ loggingConfig: OURS });
      expect(s.ssm.requests.map(r => r.target)).toEqual(['AmazonSSM.GetParameter', 'AmazonSSM.PutParameter']);
      expect(s.ssm.requests[1].body).toMatchObject({ Name: PARAMETER, Type: 'String', Tier: 'Intelligent-Tiering', Overwrite: true });
      expect(JSON.parse(s.ssm.requests[1].body.Value)).toEqual({ schemaVersion: 1, original: null, owners: [{ ...ME, config: OURS }] });
      expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { LogGroupName: OURS.cloudWatchConfig!.logGroupName, Replaced: 'none' } });
    } finally {
      await s.close();
    }
  });

  test('Delete of our configuration with nothing to restore: DELETE /logging/modelinvocations, state removed', async () => {
    const s = await servers(
      r => ({ status: 200, body: r.method === 'GET' ? { loggingConfig: OURS } : undefined, headers: { 'content-type': 'application/json' } }),
      r => ({ status: 200, body: r.target.endsWith('GetParameter') ? { Parameter: { Name: PARAMETER, Value: state([{ ...ME, config: OURS }]) } } : {} }),
    );
    try {
      await handler(event('Delete'));
      expect(s.bedrock.requests.map(r => `${r.method} ${r.path}`)).toEqual(['GET /logging/modelinvocations', 'DELETE /logging/modelinvocations']);
      expect(s.ssm.requests.map(r => r.target)).toEqual(['AmazonSSM.GetParameter', 'AmazonSSM.DeleteParameter']);
      expect(s.ssm.requests[1].body).toEqual({ Name: PARAMETER });
    } finally {
      await s.close();
    }
  });

  test('a REST-JSON ThrottlingException (429) is retried by the handler and then succeeds', async () => {
    const s = await servers(
      (r, i) => (i < 2
        ? { status: 429, body: { message: 'Too many requests' }, headers: { 'x-amzn-errortype': 'ThrottlingException', 'content-type': 'application/json' } }
        : { status: 200, body: r.method === 'GET' ? { loggingConfig: OURS } : undefined, headers: { 'content-type': 'application/json' } }),
      () => ({ status: 200, body: {} }),
    );
    try {
      await handler(event('Update'));
      expect(s.bedrock.requests.map(r => r.method)).toEqual(['GET', 'GET', 'GET', 'PUT']);
    } finally {
      await s.close();
    }
  });

  test('a foreign configuration read over the wire is refused, naming where it delivers', async () => {
    const s = await servers(
      () => ({ status: 200, body: { loggingConfig: FOREIGN }, headers: { 'content-type': 'application/json' } }),
      () => ({ status: 200, body: {} }),
    );
    try {
      await expect(handler(event('Create'))).rejects.toThrow(/already delivers to CloudWatch Logs group security-team-bedrock and S3 bucket security-archive/);
      expect(s.bedrock.requests.map(r => r.method)).toEqual(['GET']);
    } finally {
      await s.close();
    }
  });
});

describe('the logging handler flows (aws-sdk-client-mock)', () => {
  // Mocking a client class stubs every instance: only inside this block.
  let bedrock: ReturnType<typeof mockClient>;
  let ssm: ReturnType<typeof mockClient>;
  let delays: number[];
  beforeAll(() => {
    bedrock = mockClient(BedrockClient);
    ssm = mockClient(SSMClient);
  });
  afterAll(() => {
    bedrock.restore();
    ssm.restore();
  });

  beforeEach(() => {
    bedrock.reset();
    ssm.reset();
    delays = [];
    setDependencies({
      bedrock: new BedrockClient({ region: 'us-west-2' }),
      ssm: new SSMClient({ region: 'us-west-2' }),
      sleep: async ms => { delays.push(ms); },
      random: () => 0.999,
      now: () => 0,
      bucketOwnership: async () => ({ owned: true }),
    });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const puts = () => bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand).map(c => c.args[0].input.loggingConfig);
  const saved = () => ssm.commandCalls(PutParameterCommand).map(c => c.args[0].input.Value);

  const savedStates = () => saved().map(v => JSON.parse(v!));

  test('create with no configuration: records this construct as the owner, nothing to restore; the physical id is stable', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
    ssm.on(GetParameterCommand).rejects(notFound());
    const result = await handler(event('Create'));
    expect(puts()).toEqual([OURS]);
    expect(savedStates()).toEqual([{ schemaVersion: 1, original: null, owners: [{ ...ME, config: OURS }] }]);
    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
  });

  test('create over a foreign configuration fails clearly and writes nothing', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: FOREIGN });
    ssm.on(GetParameterCommand).rejects(notFound());
    await expect(handler(event('Create'))).rejects.toThrow(/this stack did not configure it.*takeOverExistingConfiguration: true/s);
    expect(puts()).toEqual([]);
    expect(saved()).toEqual([]);
  });

  test('take-over saves the foreign configuration as the original, then puts ours, and says what it replaced', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: FOREIGN });
    ssm.on(GetParameterCommand).rejects(notFound());
    const result = await handler(event('Create', { TakeOver: 'true' }));
    expect(savedStates()).toEqual([{ schemaVersion: 1, original: FOREIGN, owners: [{ ...ME, config: OURS }] }]);
    expect(puts()).toEqual([OURS]);
    expect(result.Data.Replaced).toBe('CloudWatch Logs group security-team-bedrock and S3 bucket security-archive');
  });

  test('take-over of a configuration this version cannot restore is refused before anything is written', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: { ...FOREIGN, futureConfig: { x: 1 } } as LoggingConfig });
    ssm.on(GetParameterCommand).rejects(notFound());
    await expect(handler(event('Create', { TakeOver: 'true' }))).rejects.toThrow(/cannot be saved to restore later: it does not match its schema: \(document\) has an unknown property "futureConfig"/);
    expect(puts()).toEqual([]);
    expect(saved()).toEqual([]);
  });

  test('update of our own configuration rewrites it and keeps the original (idempotent)', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: state([{ ...ME, config: OURS }], FOREIGN) } });
    const changed = { ...OURS, imageDataDeliveryEnabled: true };
    await handler(event('Update', {}, changed));
    await handler(event('Update', {}, changed));
    expect(puts()).toEqual([changed, changed]);
    const expected = [FOREIGN, [{ ...ME, config: changed }]];
    expect(savedStates().map(x => [x.original, x.owners])).toEqual([expected, expected]);
  });

  test('update that moves to a new log group still recognizes the old one as ours', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: state([{ ...ME, config: OURS }]) } });
    const moved = { ...OURS, cloudWatchConfig: { ...OURS.cloudWatchConfig!, logGroupName: '/bedrock/renamed' } };
    const update = { ...event('Update', {}, moved), OldResourceProperties: event('Create').ResourceProperties };
    await handler(update);
    expect(puts()).toEqual([moved]);
  });

  test('an update from the per-stack state of an earlier version moves its saved configuration into the state', async () => {
    const legacy = '/cdk-bedrock-cost-profiles/invocation-logging/Stack/replaced-configuration';
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
    ssm.on(GetParameterCommand, { Name: PARAMETER }).rejects(notFound());
    ssm.on(GetParameterCommand, { Name: legacy }).resolves({ Parameter: { Value: JSON.stringify(FOREIGN) } });
    await handler({ ...event('Update'), OldResourceProperties: { ...event('Create').ResourceProperties, StateParameterName: legacy } });
    expect(savedStates()).toEqual([{ schemaVersion: 1, original: FOREIGN, owners: [{ ...ME, config: OURS }] }]);
    expect(ssm.commandCalls(DeleteParameterCommand).map(c => c.args[0].input.Name)).toEqual([legacy]);
  });

  test('delete restores the original configuration (its buckets checked) and removes the state', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: state([{ ...ME, config: OURS }], FOREIGN) } });
    const checked: string[] = [];
    setDependencies({ bucketOwnership: async bucket => (checked.push(bucket), { owned: true }) });
    const result = await handler(event('Delete'));
    expect(puts()).toEqual([FOREIGN]);
    expect(checked).toEqual(['security-archive']);
    expect(result.Data).toEqual({ Action: 'restore', Reason: 'restored the configuration first replaced: CloudWatch Logs group security-team-bedrock and S3 bucket security-archive' });
    expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    expect(ssm.commandCalls(DeleteParameterCommand).map(c => c.args[0].input.Name)).toEqual([PARAMETER]);
  });

  test('delete with DELETE turns logging off even when an original was saved', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: state([{ ...ME, config: OURS }], FOREIGN) } });
    await handler(event('Delete', { OnDelete: 'DELETE' }));
    expect(puts()).toEqual([]);
    expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(1);
  });

  test('delete with RETAIN leaves the configuration and only removes the state', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: OURS });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: state([{ ...ME, config: OURS }]) } });
    const result = await handler(event('Delete', { OnDelete: 'RETAIN' }));
    expect(result.Data.Action).toBe('retain');
    expect(puts()).toEqual([]);
    expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(1);
  });

  test('delete never touches a configuration someone else wrote since', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: FOREIGN });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: state([{ ...ME, config: OURS }]) } });
    const result = await handler(event('Delete', { OnDelete: 'DELETE' }));
    expect(result.Data).toEqual({ Action: 'leave-chain', Reason: 'the live configuration is not the one this construct wrote; left alone' });
    expect(puts()).toEqual([]);
    expect(bedrock.commandCalls(DeleteModelInvocationLoggingConfigurationCommand)).toHaveLength(0);
  });

  test('throttling is retried with full-jitter exponential backoff, capped', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand)
      .rejectsOnce(awsError('ThrottlingException', 429))
      .rejectsOnce(awsError('ThrottlingException', 429))
      .rejectsOnce(awsError('InternalServerException', 500))
      .resolves({ loggingConfig: OURS });
    await handler(event('Update'));
    // random() = 0.999: just under the cap of each attempt, base × 2^(attempt-1).
    expect(delays).toEqual([199, 399, 799]);
    expect(puts()).toEqual([OURS]);
  });

  test('persistent throttling gives up after MAX_ATTEMPTS with a clear error; no delay exceeds the cap', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).rejects(awsError('ThrottlingException', 429));
    await expect(handler(event('Update'))).rejects.toThrow(`GetModelInvocationLoggingConfiguration still failed after ${MAX_ATTEMPTS} attempts (ThrottlingException`);
    expect(delays).toHaveLength(MAX_ATTEMPTS - 1);
    expect(Math.max(...delays)).toBeLessThan(MAX_DELAY_MS);
    expect(delays[0]).toBeLessThan(BASE_DELAY_MS);
  });

  test('access denied is surfaced with the permissions it needs, not retried', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
    ssm.on(GetParameterCommand).rejects(notFound());
    bedrock.on(PutModelInvocationLoggingConfigurationCommand).rejects(awsError('AccessDeniedException', 403));
    await expect(handler(event('Create'))).rejects.toThrow(/PutModelInvocationLoggingConfiguration was denied: .*iam:PassRole/);
    expect(delays).toEqual([]);
  });

  test('a ValidationException at Put (a role IAM has not propagated yet) is retried longer, then explained', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
    ssm.on(GetParameterCommand).rejects(notFound());
    bedrock.on(PutModelInvocationLoggingConfigurationCommand).rejects(awsError('ValidationException', 400));
    await expect(handler(event('Create'))).rejects.toThrow(/refused after 8 attempts.*trust policy/);
    expect(delays).toHaveLength(VALIDATION_ATTEMPTS - 1);
  });

  test('a ValidationException that clears up succeeds', async () => {
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({});
    ssm.on(GetParameterCommand).rejects(notFound());
    bedrock.on(PutModelInvocationLoggingConfigurationCommand).rejectsOnce(awsError('ValidationException', 400)).resolves({});
    await handler(event('Create'));
    expect(puts()).toHaveLength(2);
  });

  test('malformed properties fail before any call', async () => {
    await expect(handler({ ...event('Create'), ResourceProperties: { ...event('Create').ResourceProperties, LoggingConfiguration: '{nope' } }))
      .rejects.toThrow('LoggingConfiguration must be a JSON LoggingConfig');
    await expect(handler(event('Create', {}, { textDataDeliveryEnabled: true }))).rejects.toThrow('needs cloudWatchConfig.logGroupName');
    await expect(handler(event('Create', { OnDelete: 'SOMETIMES' }))).rejects.toThrow('OnDelete must be');
    await expect(handler(event('Create', { StateParameterName: '' }))).rejects.toThrow('StateParameterName is required');
    expect(bedrock.calls()).toHaveLength(0);
  });

  test('the response stays far under the 4 KB CloudFormation limit, even for a long replaced description', async () => {
    const huge = { ...FOREIGN, cloudWatchConfig: { ...FOREIGN.cloudWatchConfig!, logGroupName: 'g'.repeat(512) }, s3Config: { bucketName: 'b'.repeat(63) } };
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).resolves({ loggingConfig: huge });
    const result = await handler(event('Create', { TakeOver: 'true' }));
    expect(JSON.stringify(result).length).toBeLessThan(1024);
  });
});
