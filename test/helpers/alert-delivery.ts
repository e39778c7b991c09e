import { Stack, Token } from 'aws-cdk-lib';

/**
 * Proves, from synthesized templates alone, that every alert a template sends can arrive: for
 * each CloudWatch alarm action, AWS Budgets subscriber and Cost Anomaly Detection subscriber
 * that is an SNS topic, it finds the topic (in the same stack, or in another stack of the app
 * through Fn::ImportValue) and evaluates the topic policy, and the key policy when the topic is
 * encrypted, for the publishing service's request: principal, action, resource and the
 * condition keys the service sends (aws:SourceAccount, aws:SourceArn, aws:SecureTransport; for
 * KMS also the SNS encryption context and kms:ViaService).
 *
 * It is conservative: a statement it cannot evaluate (an operator or key it does not know, a
 * value it cannot render) never counts as an Allow, and always counts as a Deny.
 */
export interface AlertDelivery {
  /** How many (publisher, topic) routes were checked. */
  readonly routes: number;
  /** Routes that cannot be proven to deliver, one line each. */
  readonly problems: string[];
  /** Routes to topics (or keys) outside the app: `stack path: what` (they need a warning). */
  readonly external: ExternalRoute[];
}

/** A route to a topic or key this app does not define. */
export interface ExternalRoute {
  readonly stack: Stack;
  readonly source: string;
  readonly what: string;
}

export interface SynthesizedStack {
  readonly stack: Stack;
  readonly template: any;
}

const CLOUDWATCH = 'cloudwatch.amazonaws.com';
const BUDGETS = 'budgets.amazonaws.com';
const ANOMALY = 'costalerts.amazonaws.com';

/** Placeholders for environment-agnostic stacks: one deploy account, one Region. */
const ANY_ACCOUNT = '111122223333';
const ANY_REGION = 'xx-test-1';

interface Env {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

interface Located {
  readonly index: number;
  readonly logicalId: string;
}

interface Route {
  readonly from: number;
  readonly source: string;
  readonly publisher: string;
  readonly sourceArn: string;
  readonly address: unknown;
}

export function alertDelivery(stacks: SynthesizedStack[]): AlertDelivery {
  const app = new AppTemplates(stacks);
  const problems: string[] = [];
  const external: ExternalRoute[] = [];
  const routes = app.routes();
  for (const route of routes) {
    const where = `${stacks[route.from].stack.node.path}/${route.source} -> ${route.publisher}`;
    const topic = app.resolve(route.from, route.address);
    if (topic === undefined) {
      const rendered = app.render(route.from, route.address);
      external.push({ stack: stacks[route.from].stack, source: route.source, what: `topic ${rendered ?? JSON.stringify(route.address)}` });
      continue;
    }
    if (app.typeOf(topic) !== 'AWS::SNS::Topic') {
      problems.push(`${where}: the target ${topic.logicalId} is a ${app.typeOf(topic)}, not an SNS topic`);
      continue;
    }
    const env = app.env(topic.index);
    const topicArn = app.render(topic.index, { Ref: topic.logicalId })!;
    const context: Record<string, string> = {
      'aws:sourceaccount': app.env(route.from).account,
      'aws:sourcearn': route.sourceArn,
      'aws:securetransport': 'true',
    };
    const policies = app.topicPolicies(topic);
    if (policies.length === 0) {
      problems.push(`${where}: the topic ${topic.logicalId} has no topic policy allowing ${route.publisher}`);
    } else {
      const statements = policies.flatMap(p => asList(p.Statement));
      const verdict = decide(app, topic.index, statements, route.publisher, ['sns:Publish'], topicArn, context);
      if (verdict !== 'allow') {
        problems.push(`${where}: the policy of topic ${topic.logicalId} ${verdict}`);
      }
    }
    const keyRef = app.resource(topic)?.Properties?.KmsMasterKeyId;
    if (keyRef !== undefined) {
      const key = app.resolve(topic.index, keyRef);
      if (key === undefined) {
        const rendered = app.render(topic.index, keyRef);
        if (rendered !== undefined && /^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\/sns$/.test(rendered)) {
          problems.push(`${where}: the topic ${topic.logicalId} is encrypted with the AWS managed key alias/aws/sns, which ${route.publisher} cannot use`);
        } else {
          external.push({ stack: stacks[route.from].stack, source: route.source, what: `key ${rendered ?? JSON.stringify(keyRef)} of topic ${topic.logicalId}` });
        }
      } else if (app.typeOf(key) !== 'AWS::KMS::Key') {
        problems.push(`${where}: the key of topic ${topic.logicalId} is a ${app.typeOf(key)}, not a KMS key`);
      } else {
        const kmsContext = { ...context, 'kms:encryptioncontext:aws:sns:topicarn': topicArn, 'kms:viaservice': `sns.${env.region}.amazonaws.com` };
        const keyArn = app.render(key.index, { 'Fn::GetAtt': [key.logicalId, 'Arn'] })!;
        const statements = asList(app.resource(key)?.Properties?.KeyPolicy?.Statement);
        const verdict = decide(app, key.index, statements, route.publisher, ['kms:GenerateDataKey', 'kms:Decrypt'], keyArn, kmsContext);
        if (verdict !== 'allow') {
          problems.push(`${where}: the key policy of ${key.logicalId} (encrypting topic ${topic.logicalId}) ${verdict}`);
        }
      }
    }
  }
  return { routes: routes.length, problems, external };
}

/** 'allow', or why not. Every action must be allowed and none denied. */
function decide(app: AppTemplates, index: number, statements: any[], service: string, actions: string[], resource: string,
  context: Record<string, string>): string {
  for (const action of actions) {
    const applies = (s: any) => principalMatches(s, service) && actionMatches(s, action) && resourceMatches(app, index, s, resource);
    const denied = statements.filter(s => s.Effect === 'Deny' && applies(s) && conditionsHold(app, index, s.Condition, context) !== false);
    if (denied.length > 0) {
      return `denies ${action} to ${service} (statement ${denied[0].Sid ?? '(no Sid)'})`;
    }
    if (!statements.some(s => s.Effect === 'Allow' && applies(s) && conditionsHold(app, index, s.Condition, context) === true)) {
      return `does not allow ${action} to ${service} under conditions ${JSON.stringify(context)}`;
    }
  }
  return 'allow';
}

function principalMatches(statement: any, service: string): boolean {
  if (statement.NotPrincipal !== undefined) {
    return statement.Effect === 'Deny'; // unknown: never allows, may deny
  }
  const p = statement.Principal;
  if (p === '*' || p?.AWS === '*') {
    return true;
  }
  return asList(p?.Service).includes(service);
}

function actionMatches(statement: any, action: string): boolean {
  if (statement.NotAction !== undefined) {
    return statement.Effect === 'Deny';
  }
  return asList(statement.Action).some(a => typeof a === 'string' && globMatches(a.toLowerCase(), action.toLowerCase()));
}

function resourceMatches(app: AppTemplates, index: number, statement: any, resource: string): boolean {
  if (statement.NotResource !== undefined) {
    return statement.Effect === 'Deny';
  }
  return asList(statement.Resource).some(r => {
    const rendered = app.render(index, r);
    return rendered === undefined ? statement.Effect === 'Deny' : globMatches(rendered, resource);
  });
}

const OPERATORS: Record<string, (actual: string, expected: string) => boolean> = {
  stringequals: (a, e) => a === e,
  stringlike: (a, e) => globMatches(e, a),
  arnequals: (a, e) => a === e,
  arnlike: (a, e) => globMatches(e, a),
  bool: (a, e) => a.toLowerCase() === e.toLowerCase(),
};

/** true / false, or undefined when the block uses something this checker does not know. */
function conditionsHold(app: AppTemplates, index: number, condition: any, context: Record<string, string>): boolean | undefined {
  if (condition === undefined) {
    return true;
  }
  let result: boolean | undefined = true;
  for (const [operator, block] of Object.entries<any>(condition)) {
    const compare = OPERATORS[operator.toLowerCase()];
    if (compare === undefined || block === null || typeof block !== 'object') {
      return undefined;
    }
    for (const [key, values] of Object.entries<any>(block)) {
      const actual = context[key.toLowerCase()];
      if (actual === undefined) {
        return undefined;
      }
      const expected = asList(values).map(v => app.render(index, v));
      if (expected.some(v => v === undefined)) {
        return undefined;
      }
      if (!expected.some(v => compare(actual, v!))) {
        result = false;
      }
    }
  }
  return result;
}

/** IAM wildcards: `*` any run of characters, `?` one. */
function globMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 's');
  return regex.test(value);
}

function asList(value: unknown): any[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The templates of one app, with the lookups the check needs. */
class AppTemplates {
  private readonly exports = new Map<string, { index: number; value: unknown }>();

  constructor(private readonly stacks: SynthesizedStack[]) {
    stacks.forEach((s, index) => {
      for (const output of Object.values<any>(s.template.Outputs ?? {})) {
        if (typeof output.Export?.Name === 'string') {
          this.exports.set(output.Export.Name, { index, value: output.Value });
        }
      }
    });
  }

  public env(index: number): Env {
    const stack = this.stacks[index].stack;
    const region = Token.isUnresolved(stack.region) ? ANY_REGION : stack.region;
    const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    return { partition, region, account: Token.isUnresolved(stack.account) ? ANY_ACCOUNT : stack.account };
  }

  public resource(at: Located): any {
    return this.stacks[at.index].template.Resources?.[at.logicalId];
  }

  public typeOf(at: Located): string {
    return this.resource(at)?.Type ?? 'missing resource';
  }

  /** Every alert route in the app, with the ARN the publisher acts for. */
  public routes(): Route[] {
    const routes: Route[] = [];
    this.stacks.forEach((s, index) => {
      const env = this.env(index);
      for (const [id, resource] of Object.entries<any>(s.template.Resources ?? {})) {
        const props = resource.Properties ?? {};
        if (resource.Type === 'AWS::CloudWatch::Alarm' || resource.Type === 'AWS::CloudWatch::CompositeAlarm') {
          const name = typeof props.AlarmName === 'string' ? props.AlarmName : `${id}-generated`;
          const sourceArn = `arn:${env.partition}:cloudwatch:${env.region}:${env.account}:alarm:${name}`;
          for (const list of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) {
            for (const address of asList(props[list])) {
              if (this.isSnsAddress(index, address)) {
                routes.push({ from: index, source: `${id}.${list}`, publisher: CLOUDWATCH, sourceArn, address });
              }
            }
          }
        } else if (resource.Type === 'AWS::Budgets::Budget') {
          const name = typeof props.Budget?.BudgetName === 'string' ? props.Budget.BudgetName : `${id}-generated`;
          const sourceArn = `arn:${env.partition}:budgets::${env.account}:budget/${name}`;
          for (const [n, notification] of asList(props.NotificationsWithSubscribers).entries()) {
            for (const subscriber of asList(notification.Subscribers)) {
              if (subscriber.SubscriptionType === 'SNS') {
                routes.push({ from: index, source: `${id}.NotificationsWithSubscribers[${n}]`, publisher: BUDGETS, sourceArn, address: subscriber.Address });
              }
            }
          }
        } else if (resource.Type === 'AWS::CE::AnomalySubscription') {
          const sourceArn = `arn:${env.partition}:ce::${env.account}:anomalysubscription/${id}-generated`;
          for (const subscriber of asList(props.Subscribers)) {
            if (subscriber.Type === 'SNS') {
              routes.push({ from: index, source: `${id}.Subscribers`, publisher: ANOMALY, sourceArn, address: subscriber.Address });
            }
          }
        }
      }
    });
    return routes;
  }

  /** Alarm actions may also be Auto Scaling, EC2, Systems Manager or Lambda ARNs. */
  private isSnsAddress(index: number, address: unknown): boolean {
    const resolved = this.resolve(index, address);
    if (resolved !== undefined) {
      return true; // a resource of the app: decided (and reported if not a topic) by the caller
    }
    const rendered = this.render(index, address);
    return rendered === undefined || rendered.includes(':sns:');
  }

  /** The app resource an address points to (Ref, GetAtt, ImportValue), else undefined. */
  public resolve(index: number, value: any): Located | undefined {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    const resources = this.stacks[index].template.Resources ?? {};
    if (typeof value.Ref === 'string' && resources[value.Ref]) {
      return { index, logicalId: value.Ref };
    }
    if (Array.isArray(value['Fn::GetAtt']) && resources[value['Fn::GetAtt'][0]]) {
      return { index, logicalId: value['Fn::GetAtt'][0] };
    }
    if (typeof value['Fn::ImportValue'] === 'string') {
      const exported = this.exports.get(value['Fn::ImportValue']);
      return exported ? this.resolve(exported.index, exported.value) : undefined;
    }
    return undefined;
  }

  /** The topic policies (AWS::SNS::TopicPolicy) of the stack that list this topic. */
  public topicPolicies(topic: Located): any[] {
    return Object.values<any>(this.stacks[topic.index].template.Resources ?? {})
      .filter(r => r.Type === 'AWS::SNS::TopicPolicy' && asList(r.Properties?.Topics).some(t => t?.Ref === topic.logicalId))
      .map(r => r.Properties.PolicyDocument);
  }

  /** A value as a string in this stack's environment, or undefined when it cannot be known. */
  public render(index: number, value: any): string | undefined {
    const env = this.env(index);
    if (typeof value === 'string') {
      return value;
    }
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    const pseudo: Record<string, string> = {
      'AWS::Partition': env.partition, 'AWS::Region': env.region, 'AWS::AccountId': env.account, 'AWS::URLSuffix': 'amazonaws.com',
    };
    if (typeof value.Ref === 'string') {
      if (pseudo[value.Ref] !== undefined) {
        return pseudo[value.Ref];
      }
      const resource = this.stacks[index].template.Resources?.[value.Ref];
      if (resource?.Type === 'AWS::SNS::Topic') {
        const name = typeof resource.Properties?.TopicName === 'string' ? resource.Properties.TopicName : `${value.Ref}-generated`;
        return `arn:${env.partition}:sns:${env.region}:${env.account}:${name}`;
      }
      return undefined;
    }
    if (Array.isArray(value['Fn::GetAtt'])) {
      const [id, attribute] = value['Fn::GetAtt'];
      const resource = this.stacks[index].template.Resources?.[id];
      if (resource?.Type === 'AWS::KMS::Key' && attribute === 'Arn') {
        return `arn:${env.partition}:kms:${env.region}:${env.account}:key/${id}-generated`;
      }
      return undefined;
    }
    if (Array.isArray(value['Fn::Join'])) {
      const [separator, parts] = value['Fn::Join'];
      const rendered = asList(parts).map(p => this.render(index, p));
      return rendered.some(p => p === undefined) ? undefined : rendered.join(separator);
    }
    if (typeof value['Fn::ImportValue'] === 'string') {
      const exported = this.exports.get(value['Fn::ImportValue']);
      return exported ? this.render(exported.index, exported.value) : undefined;
    }
    return undefined;
  }
}
