import { configProblem, LoggingState, parseState, sameDestinations, stored } from '../../src/logging/logging-state';
import stateSchema from '../../src/logging/logging-state.schema.json';

/** Every field of the TS types, present: adding a field to a type breaks this until the schema has it too. */
type Complete<T> = {
  [K in keyof T]-?: T[K] extends object ? (T[K] extends Array<infer U> ? Array<Complete<U>> : Complete<NonNullable<T[K]>>) : T[K];
};

const COMPLETE: Complete<LoggingState> = {
  schemaVersion: 1,
  original: {
    cloudWatchConfig: {
      logGroupName: '/bedrock/security',
      roleArn: 'arn:aws:iam::111111111111:role/SecurityLogging',
      largeDataDeliveryS3Config: { bucketName: 'security-large', keyPrefix: 'large/' },
    },
    s3Config: { bucketName: 'security-archive', keyPrefix: 'bedrock/' },
    textDataDeliveryEnabled: true,
    imageDataDeliveryEnabled: false,
    embeddingDataDeliveryEnabled: false,
    videoDataDeliveryEnabled: false,
    audioDataDeliveryEnabled: false,
  },
  owners: [{
    stackId: 'arn:aws:cloudformation:us-west-2:111111111111:stack/App/0a1b2c3d-0000-4000-8000-000000000001',
    logicalId: 'Logging1234',
    config: {
      cloudWatchConfig: { logGroupName: '/bedrock/app', roleArn: 'arn:aws:iam::111111111111:role/cdk-bedrock-cost-profiles/Delivery', largeDataDeliveryS3Config: { bucketName: 'app-large', keyPrefix: '' } },
      s3Config: { bucketName: 'app-archive', keyPrefix: '' },
      textDataDeliveryEnabled: true,
      imageDataDeliveryEnabled: true,
      embeddingDataDeliveryEnabled: true,
      videoDataDeliveryEnabled: true,
      audioDataDeliveryEnabled: true,
    },
  }],
};

/** Property names the schema declares at each path, and the ones the complete value has. */
function keysOf(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object') {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap(v => keysOf(v, `${path}[]`));
  }
  return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...keysOf(v, `${path}.${k}`)]);
}

function schemaKeysOf(schema: any, path = ''): string[] {
  const resolve = (s: any): any => (s.$ref ? (stateSchema.definitions as any)[s.$ref.split('/').pop()] : s);
  const s = resolve(schema);
  if (s.oneOf) {
    return s.oneOf.flatMap((branch: any) => schemaKeysOf(branch, path));
  }
  if (s.type === 'array') {
    return schemaKeysOf(s.items, `${path}[]`);
  }
  return Object.entries<any>(s.properties ?? {}).flatMap(([k, v]) => [`${path}.${k}`, ...schemaKeysOf(v, `${path}.${k}`)]);
}

describe('the logging state format', () => {
  test('the schema and the TS types name the same fields, and the schema accepts a complete state', () => {
    expect([...new Set(schemaKeysOf(stateSchema))].sort()).toEqual([...new Set(keysOf(COMPLETE))].sort());
    expect(parseState(JSON.stringify(COMPLETE))).toEqual({ state: COMPLETE });
  });

  test.each([
    ['{"schemaVersion":2,"original":null,"owners":[]}', 'schemaVersion'],
    ['{"schemaVersion":1,"original":{"s3Config":{"bucketName":"UPPER"}},"owners":[]}', 'bucketName'],
    ['{"schemaVersion":1,"original":{"cloudWatchConfig":{"logGroupName":"g","roleArn":"arn:aws:iam::1:role/x"}},"owners":[]}', 'roleArn'],
    ['{"schemaVersion":1,"original":{},"owners":[]}', 'original'],
    ['{"schemaVersion":1,"original":null,"owners":[{"stackId":"x","logicalId":"L","config":{}}]}', 'owners[0]'],
    ['[]', '(document)'],
    ['1e999', '(document)'],
  ])('%s is refused, naming %s', (text, where) => {
    const parsed = parseState(text);
    expect('problem' in parsed && parsed.problem).toContain(where);
  });

  test('stored() keeps only the fields the schema knows; destinations decide sameness, delivery switches do not', () => {
    const live = { ...COMPLETE.owners[0].config, futureSwitch: true } as any;
    expect(configProblem(live)).toContain('has an unknown property "futureSwitch"');
    expect(configProblem(stored(live))).toBeUndefined();
    expect(sameDestinations(live, { ...COMPLETE.owners[0].config, textDataDeliveryEnabled: false })).toBe(true);
    expect(sameDestinations(live, { ...COMPLETE.owners[0].config, s3Config: { bucketName: 'elsewhere' } })).toBe(false);
  });
});
