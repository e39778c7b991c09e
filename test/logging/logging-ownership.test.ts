import {
  BedrockClient,
  DeleteModelInvocationLoggingConfigurationCommand,
  GetModelInvocationLoggingConfigurationCommand,
  LoggingConfig,
  PutModelInvocationLoggingConfigurationCommand,
} from '@aws-sdk/client-bedrock';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { CALL_TIMEOUT_MS, HANDLER_BUDGET_MS, HANDLER_TIMEOUT_SECONDS } from '../../src/core/handler-budget';
import { handler, LoggingEvent, PHYSICAL_ID, setDependencies } from '../../src/logging/logging-config.lambda';
import { STATE_PARAMETER_NAME } from '../../src/logging/logging-state';

/**
 * The scenarios of issue 12 as flows against one simulated account and Region: a live logging
 * configuration, SSM parameters, and the buckets the account owns. Each stack's construct is a
 * (stack id, logical id) pair sending the events CloudFormation sends.
 */

const ACCOUNT = '111111111111';
const stackId = (name: string) => `arn:aws:cloudformation:us-west-2:${ACCOUNT}:stack/${name}/0a1b2c3d-0000-4000-8000-${name.padStart(12, '0').slice(-12).replace(/[^0-9a-f]/g, 'a')}`;
const config = (group: string, bucket?: string): LoggingConfig => ({
  cloudWatchConfig: {
    logGroupName: group,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/cdk-bedrock-cost-profiles/${group.replace(/\W/g, '')}`,
    ...(bucket ? { largeDataDeliveryS3Config: { bucketName: bucket } } : {}),
  },
  textDataDeliveryEnabled: true,
});
const SECURITY: LoggingConfig = {
  cloudWatchConfig: { logGroupName: 'security-team-bedrock', roleArn: `arn:aws:iam::${ACCOUNT}:role/SecurityLogging` },
  s3Config: { bucketName: 'security-archive' },
  textDataDeliveryEnabled: true,
};

interface Construct {
  readonly stack: string;
  readonly logicalId: string;
  readonly config: LoggingConfig;
  readonly takeOver?: boolean;
  readonly onDelete?: string;
}

let live: LoggingConfig | undefined;
let parameters: Map<string, string>;
let ownedBuckets: Set<string>;

function send(type: LoggingEvent['RequestType'], c: Construct, old?: Construct) {
  return handler({
    RequestType: type,
    StackId: stackId(c.stack),
    LogicalResourceId: c.logicalId,
    PhysicalResourceId: type === 'Create' ? undefined : PHYSICAL_ID,
    ResourceProperties: {
      LoggingConfiguration: JSON.stringify(c.config),
      TakeOver: String(c.takeOver ?? false),
      OnDelete: c.onDelete ?? 'RESTORE_PREVIOUS',
      StateParameterName: STATE_PARAMETER_NAME,
    },
    ...(old ? { OldResourceProperties: { LoggingConfiguration: JSON.stringify(old.config), StateParameterName: STATE_PARAMETER_NAME } } : {}),
  });
}

const owners = () => (parameters.has(STATE_PARAMETER_NAME)
  ? JSON.parse(parameters.get(STATE_PARAMETER_NAME)!).owners.map((o: any) => o.logicalId)
  : []);
const original = () => JSON.parse(parameters.get(STATE_PARAMETER_NAME)!).original;

describe('logging ownership across renames, moves and take-overs (one simulated account)', () => {
  let bedrock: ReturnType<typeof mockClient>;
  let ssm: ReturnType<typeof mockClient>;
  beforeAll(() => {
    bedrock = mockClient(BedrockClient);
    ssm = mockClient(SSMClient);
  });
  afterAll(() => {
    bedrock.restore();
    ssm.restore();
  });

  beforeEach(() => {
    live = undefined;
    parameters = new Map();
    ownedBuckets = new Set(['security-archive', 'payloads-a', 'payloads-b']);
    bedrock.reset();
    ssm.reset();
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).callsFake(() => ({ loggingConfig: live }));
    bedrock.on(PutModelInvocationLoggingConfigurationCommand).callsFake(input => {
      live = input.loggingConfig;
      return {};
    });
    bedrock.on(DeleteModelInvocationLoggingConfigurationCommand).callsFake(() => {
      live = undefined;
      return {};
    });
    ssm.on(GetParameterCommand).callsFake(input => {
      if (!parameters.has(input.Name)) {
        throw Object.assign(new Error('not found'), { name: 'ParameterNotFound' });
      }
      return { Parameter: { Name: input.Name, Value: parameters.get(input.Name) } };
    });
    ssm.on(PutParameterCommand).callsFake(input => {
      parameters.set(input.Name, input.Value);
      return { Version: 1 };
    });
    ssm.on(DeleteParameterCommand).callsFake(input => {
      if (!parameters.delete(input.Name)) {
        throw Object.assign(new Error('not found'), { name: 'ParameterNotFound' });
      }
      return {};
    });
    setDependencies({
      bedrock: new BedrockClient({ region: 'us-west-2' }),
      ssm: new SSMClient({ region: 'us-west-2' }),
      sleep: async () => undefined,
      random: () => 0.5,
      now: () => 0,
      bucketOwnership: async bucket => (ownedBuckets.has(bucket) ? { owned: true } : { owned: false, reason: `S3 bucket ${bucket} is not verifiably owned by account ${ACCOUNT}` }),
    });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  test('rename: the new construct takes over from its old name without takeOver; the old one leaves; deleting the stack turns logging off', async () => {
    const before: Construct = { stack: 'App', logicalId: 'LoggingOld', config: config('/bedrock/old', 'payloads-a') };
    const after: Construct = { stack: 'App', logicalId: 'LoggingNew', config: config('/bedrock/new', 'payloads-a') };
    await send('Create', before);
    const created = await send('Create', after);
    expect(created.Data.Replaced).toBe('CloudWatch Logs group /bedrock/old (written by LoggingOld in stack App)');
    expect(owners()).toEqual(['LoggingOld', 'LoggingNew']);
    // CloudFormation's clean-up phase deletes the old resource: it is no longer the owner.
    expect((await send('Delete', before)).Data.Action).toBe('leave-chain');
    expect([live, owners()]).toEqual([after.config, ['LoggingNew']]);
    expect((await send('Delete', after)).Data).toEqual({ Action: 'delete', Reason: 'there was no configuration before this library\'s' });
    expect([live, parameters.size]).toEqual([undefined, 0]);
  });

  test('rename rolled back: deleting the new construct hands the configuration back to the old one', async () => {
    const before: Construct = { stack: 'App', logicalId: 'LoggingOld', config: config('/bedrock/old', 'payloads-a') };
    const after: Construct = { stack: 'App', logicalId: 'LoggingNew', config: config('/bedrock/new') };
    await send('Create', before);
    await send('Create', after);
    const rollback = await send('Delete', after);
    expect(rollback.Data).toEqual({ Action: 'hand-back', Reason: 'handed back to LoggingOld in stack App: CloudWatch Logs group /bedrock/old' });
    expect([live, owners()]).toEqual([before.config, ['LoggingOld']]);
  });

  test('move to another stack: refused without takeOver (naming the owner); with it, the first stack deletes cleanly and the second restores the original', async () => {
    live = SECURITY;
    const inA: Construct = { stack: 'StackA', logicalId: 'Logging', config: config('/bedrock/a'), takeOver: true };
    const inB: Construct = { stack: 'StackB', logicalId: 'Logging', config: config('/bedrock/b') };
    await send('Create', inA);
    await expect(send('Create', inB)).rejects.toThrow(/is managed by Logging in stack StackA .*Remove it there first, or set takeOverExistingConfiguration: true/s);
    expect(live).toEqual(inA.config);
    await send('Create', { ...inB, takeOver: true });
    expect((await send('Delete', inA)).Data.Action).toBe('leave-chain');
    expect([live, owners(), original()]).toEqual([inB.config, ['Logging'], SECURITY]);
    expect((await send('Delete', { ...inB, takeOver: true })).Data.Action).toBe('restore');
    expect([live, parameters.size]).toEqual([SECURITY, 0]);
  });

  test('two take-over stacks, the later deleted first: logging is handed back to the earlier, then the original returns', async () => {
    live = SECURITY;
    const a: Construct = { stack: 'TeamA', logicalId: 'Logging', config: config('/bedrock/a', 'payloads-a'), takeOver: true };
    const b: Construct = { stack: 'TeamB', logicalId: 'Logging', config: config('/bedrock/b', 'payloads-b'), takeOver: true };
    await send('Create', a);
    await send('Create', b);
    expect(original()).toEqual(SECURITY); // the second take-over did not save over the first
    expect((await send('Delete', b)).Data.Action).toBe('hand-back');
    expect(live).toEqual(a.config);
    expect((await send('Delete', a)).Data.Action).toBe('restore');
    expect([live, parameters.size]).toEqual([SECURITY, 0]);
  });

  test('two take-over stacks, the earlier deleted first: the later keeps logging, then restores the original', async () => {
    live = SECURITY;
    const a: Construct = { stack: 'TeamA', logicalId: 'Logging', config: config('/bedrock/a'), takeOver: true };
    const b: Construct = { stack: 'TeamB', logicalId: 'Logging', config: config('/bedrock/b'), takeOver: true };
    await send('Create', a);
    await send('Create', b);
    expect((await send('Delete', a)).Data.Action).toBe('leave-chain');
    expect(live).toEqual(b.config);
    await send('Delete', b);
    expect(live).toEqual(SECURITY);
  });

  test('tampered state: an original delivering to another account\'s role or bucket is never restored; logging is deleted and the response says why', async () => {
    const mine: Construct = { stack: 'App', logicalId: 'Logging', config: config('/bedrock/app') };
    const foreignRole = { ...SECURITY, cloudWatchConfig: { ...SECURITY.cloudWatchConfig!, roleArn: 'arn:aws:iam::999999999999:role/Exfiltrate' } };
    const foreignBucket = { ...SECURITY, s3Config: { bucketName: 'attacker-bucket' } };
    for (const [tampered, reason] of [
      [foreignRole, 'its delivery role arn:aws:iam::999999999999:role/Exfiltrate is not in this account (111111111111)'],
      [foreignBucket, 'S3 bucket attacker-bucket is not verifiably owned by account 111111111111'],
    ] as const) {
      await send('Create', mine);
      const state = JSON.parse(parameters.get(STATE_PARAMETER_NAME)!);
      parameters.set(STATE_PARAMETER_NAME, JSON.stringify({ ...state, original: tampered }));
      const deleted = await send('Delete', mine);
      expect(deleted.Data).toEqual({ Action: 'delete', Reason: expect.stringContaining(`was not restored: ${reason}`) });
      const putConfigs = bedrock.commandCalls(PutModelInvocationLoggingConfigurationCommand).map(c => c.args[0].input.loggingConfig);
      expect(putConfigs).not.toContainEqual(tampered);
      expect([live, parameters.size]).toEqual([undefined, 0]);
    }
  });

  test('corrupt state (not JSON, or not the schema): the stack still deletes; logging is deleted with the reason, nothing restored', async () => {
    const mine: Construct = { stack: 'App', logicalId: 'Logging', config: config('/bedrock/app') };
    for (const [corrupt, reason] of [
      ['{"schemaVersion": 1, "original": ', 'the saved state is not JSON'],
      [JSON.stringify({ schemaVersion: 1, original: null, owners: [], restoreTo: 'elsewhere' }), 'the saved state does not match its schema: (document) has an unknown property "restoreTo"'],
    ]) {
      await send('Create', mine);
      parameters.set(STATE_PARAMETER_NAME, corrupt);
      const deleted = await send('Delete', mine);
      expect(deleted.Data).toEqual({ Action: 'delete', Reason: expect.stringContaining(`nothing was restored: ${reason}`) });
      expect([live, parameters.size]).toEqual([undefined, 0]);
    }
  });

  test('corrupt state at create: replaced by a fresh one (the reason is logged), the construct owns the configuration', async () => {
    parameters.set(STATE_PARAMETER_NAME, 'garbage');
    const mine: Construct = { stack: 'App', logicalId: 'Logging', config: config('/bedrock/app') };
    await send('Create', mine);
    expect([live, owners()]).toEqual([mine.config, ['Logging']]);
    expect(JSON.stringify((console.log as jest.Mock).mock.calls)).toContain('reset-state');
  });

  test('a restore whose Put fails (its role is gone) deletes instead, so the stack still deletes', async () => {
    live = SECURITY;
    const mine: Construct = { stack: 'App', logicalId: 'Logging', config: config('/bedrock/app'), takeOver: true };
    await send('Create', mine);
    bedrock.on(PutModelInvocationLoggingConfigurationCommand).rejects(Object.assign(new Error('role cannot be assumed'), { name: 'ValidationException' }));
    const deleted = await send('Delete', mine);
    expect(deleted.Data).toEqual({ Action: 'delete', Reason: expect.stringMatching(/could not be restored: PutModelInvocationLoggingConfiguration was refused after 8 attempts/) });
    expect(live).toBeUndefined();
  });

  test('worst case, each call hanging until its timeout all but its last attempt: the handler stops within its budget, inside the Lambda timeout', async () => {
    let clock = 0;
    setDependencies({ now: () => clock, sleep: async ms => { clock += ms; } });
    // Each call times out (after the full CALL_TIMEOUT_MS) on five attempts and succeeds on the sixth.
    const slow = <T>(answer: () => T) => {
      let attempts = 0;
      return () => {
        clock += CALL_TIMEOUT_MS;
        if (++attempts % 6 !== 0) {
          throw Object.assign(new Error('aborted'), { name: 'TimeoutError' });
        }
        return answer();
      };
    };
    bedrock.on(GetModelInvocationLoggingConfigurationCommand).callsFake(slow(() => ({})));
    ssm.on(GetParameterCommand).callsFake(slow(() => {
      throw Object.assign(new Error('not found'), { name: 'ParameterNotFound' });
    }));
    await expect(send('Create', { stack: 'App', logicalId: 'Logging', config: config('/bedrock/app') }))
      .rejects.toThrow(/(failed \(TimeoutError: aborted\) and was not tried again after \d attempt\(s\)|was not attempted): the handler's time budget \(100 s of its 120 s timeout\) is spent/);
    expect(clock).toBeGreaterThan(HANDLER_BUDGET_MS / 2);
    expect(clock).toBeLessThanOrEqual(HANDLER_BUDGET_MS);
    expect(HANDLER_BUDGET_MS + CALL_TIMEOUT_MS).toBeLessThan(HANDLER_TIMEOUT_SECONDS * 1000);
  });
});
