import { propertiesValid, schemaProblems } from './cfn-schema';

const PROFILE = 'AWS::Bedrock::ApplicationInferenceProfile';

function template(type: string, properties: unknown): any {
  return { Resources: { R: { Type: type, Properties: properties } } };
}

describe('CloudFormation schema validation of templates', () => {
  test('a valid profile passes', () => {
    expect(schemaProblems(template(PROFILE, {
      InferenceProfileName: 'service1_profile',
      ModelSource: { CopyFrom: 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0' },
      Tags: [{ Key: 'Service', Value: 'service-1' }],
    }))).toEqual([]);
  });

  test('a read-only property is rejected', () => {
    const problems = schemaProblems(template(PROFILE, { InferenceProfileName: 'a', InferenceProfileArn: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x' }));
    expect(problems).toEqual([expect.stringContaining('read-only property InferenceProfileArn')]);
  });

  test('a pattern violation, a missing required property and an unknown property are rejected', () => {
    expect(schemaProblems(template(PROFILE, { InferenceProfileName: 'bad.name' })).join('\n')).toContain('must match pattern');
    expect(schemaProblems(template(PROFILE, { Description: 'x' })).join('\n')).toContain("must have required property 'InferenceProfileName'");
    expect(schemaProblems(template(PROFILE, { InferenceProfileName: 'a', Nope: 1 })).join('\n')).toContain('additional properties');
  });

  test('a bad CopyFrom inside the oneOf is rejected', () => {
    const problems = schemaProblems(template(PROFILE, { InferenceProfileName: 'a', ModelSource: { CopyFrom: 'not-an-arn' } }));
    expect(problems.length).toBeGreaterThan(0);
  });

  test('intrinsic values are skipped, including inside a oneOf', () => {
    expect(schemaProblems(template(PROFILE, {
      InferenceProfileName: { Ref: 'Name' },
      ModelSource: { CopyFrom: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:us-east-1::foundation-model/a.b']] } },
      Tags: [{ Key: 'Service', Value: { 'Fn::GetAtt': ['X', 'Y'] } }],
    }))).toEqual([]);
  });

  test('a resource type without a schema is an error, custom resources need a ServiceToken', () => {
    expect(schemaProblems(template('AWS::EC2::Instance', {}))).toEqual([expect.stringContaining('no schema in test/cfn-schemas')]);
    expect(schemaProblems(template('Custom::Thing', {}))).toEqual([expect.stringContaining('without ServiceToken')]);
    expect(schemaProblems(template('Custom::Thing', { ServiceToken: 'arn' }))).toEqual([]);
  });

  test('patterns with \\p{...} classes compile (unicode mode)', () => {
    expect(propertiesValid('AWS::SSM::Parameter', { Type: 'String', Value: 'v', Tags: { Équipe: 'x' } })).toBe(true);
  });

  test('the \\Z end anchor of Java/Python patterns is honoured (log group names)', () => {
    expect(propertiesValid('AWS::Logs::LogGroup', { LogGroupName: '/bedrock/model-invocations/S-Logging-1' })).toBe(true);
    expect(propertiesValid('AWS::Logs::LogGroup', { LogGroupName: '/bedrock/model invocations' })).toBe(false);
    expect(propertiesValid('AWS::Logs::LogGroup', { LogGroupName: '/bedrock/ok\n' })).toBe(false);
  });
});
