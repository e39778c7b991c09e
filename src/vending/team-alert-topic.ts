import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALERT_PUBLISHERS, publishStatement } from '../budgets/alert-target';

/**
 * A vended team's alert topic: the template of a `CostAlertTopic` with these emails (the same
 * construct paths, so the same logical ids, and the same policy statements, built by the same
 * code), rendered as L1. The L2 topic, its policy document and subscriptions cost a platform
 * vending thousands of teams a tenth of its construction time, and the team's topic is not
 * handed to users, so nothing needs the L2.
 */
export class TeamAlertTopic extends Construct {
  /** The topic's ARN (a `Ref`). */
  public readonly topicArn: string;

  constructor(scope: Construct, id: string, emails: string[]) {
    super(scope, id);
    const stack = Stack.of(this);
    // Paths of CostAlertTopic: <id>/Topic/Resource, <id>/Topic/Policy/Resource, <id>/Topic/<email>/Resource.
    const topicScope = new Construct(this, 'Topic');
    const topic = new sns.CfnTopic(topicScope, 'Resource');
    this.topicArn = topic.ref;
    // What sns.Topic({ enforceSSL: true }) adds first.
    const sslOnly = new iam.PolicyStatement({
      sid: 'AllowPublishThroughSSLOnly',
      actions: ['sns:Publish'],
      effect: iam.Effect.DENY,
      resources: [this.topicArn],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      principals: [new iam.StarPrincipal()],
    });
    const statements = [sslOnly, ...ALERT_PUBLISHERS.map(p => publishStatement(p, stack, this.topicArn))];
    new sns.CfnTopicPolicy(new Construct(topicScope, 'Policy'), 'Resource', {
      topics: [this.topicArn],
      policyDocument: { Statement: statements.map(s => s.toStatementJson()), Version: '2012-10-17' },
    });
    for (const email of emails) {
      new sns.CfnSubscription(new Construct(topicScope, email), 'Resource', { topicArn: this.topicArn, protocol: 'email', endpoint: email });
    }
  }
}
