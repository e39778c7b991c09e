import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ShardStack } from '../../src/vending/shard-stack';

/** The same tree of resources in `stack`: nested constructs, a reference between them. */
function build(stack: Stack): CfnResource[] {
  const team = new Construct(stack, 'team-0');
  const topic = new CfnResource(new Construct(team, 'Alerts'), 'Resource', { type: 'AWS::SNS::Topic' });
  const subscription = new CfnResource(team, 'Email', { type: 'AWS::SNS::Subscription', properties: { TopicArn: topic.ref, Protocol: 'email', Endpoint: 'a@example.com' } });
  return [topic, subscription];
}

describe('ShardStack: logical ids computed once', () => {
  test('the same ids and template as a plain Stack', () => {
    const app = new App();
    const plain = new Stack(app, 'Shard00', { env: { account: '111111111111', region: 'us-east-1' } });
    const shard = new ShardStack(new App(), 'Shard00', { env: { account: '111111111111', region: 'us-east-1' } });
    const [a, b] = [build(plain), build(shard)];
    expect(b.map(r => shard.getLogicalId(r))).toEqual(a.map(r => plain.getLogicalId(r)));
    const template = (s: Stack) => JSON.stringify(s.resolve((s as any)._toCloudFormation()));
    expect(template(shard)).toEqual(template(plain));
  });

  test('the second call answers from the cache; a rename, even after, takes effect', () => {
    const shard = new ShardStack(new App(), 'S', {});
    const [topic, subscription] = build(shard);
    const id = shard.getLogicalId(topic);
    expect(shard.getLogicalId(topic)).toBe(id);
    shard.renameLogicalId(id, 'AlertTopic');
    expect(shard.getLogicalId(topic)).toBe('AlertTopic');
    const resources = shard.resolve((shard as any)._toCloudFormation()).Resources;
    expect(resources.AlertTopic.Type).toBe('AWS::SNS::Topic');
    expect(resources[shard.getLogicalId(subscription)].Properties.TopicArn).toEqual({ Ref: 'AlertTopic' });
  });
});
