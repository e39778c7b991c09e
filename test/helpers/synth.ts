import { App, Aspects, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { alertDelivery } from './alert-delivery';
import { schemaProblems } from './cfn-schema';

/** What one stack looks like after a checked synthesis. */
export interface CheckedStack {
  readonly stack: Stack;
  readonly template: any;
  /** Unsuppressed cdk-nag AwsSolutions findings (errors and warnings). */
  readonly nagFindings: string[];
  /** Problems against the CloudFormation registry schemas. */
  readonly schemaProblems: string[];
}

/**
 * Runs cdk-nag AwsSolutions over the whole app, synthesizes it, and validates every stack's
 * template against the registry schemas. Call it before anything else synthesizes the app:
 * aspects added after synthesis do not run.
 */
export function synthChecked(app: App | Stage): CheckedStack[] {
  if (!Aspects.of(app).all.some(a => a instanceof AwsSolutionsChecks)) {
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  }
  app.synth();
  return stacksOf(app).map(stack => {
    const nag = messagesOf(stack, /AwsSolutions-/).map(m => `${m.id}: ${String(m.entry.data).split('\n')[0]}`);
    const template = Template.fromStack(stack).toJSON();
    return { stack, template, nagFindings: nag, schemaProblems: schemaProblems(template) };
  });
}

/**
 * The warnings and errors synthesis recorded on a stack whose text matches `pattern`, read from
 * the assembly already synthesized (Annotations.fromStack would synthesize again, and aspects
 * that add constructs, such as integ-tests-alpha's, cannot run twice).
 */
function messagesOf(stack: Stack, pattern: RegExp): cxapi.SynthesisMessage[] {
  return Stage.of(stack)!.synth().getStackArtifact(stack.artifactId).messages
    .filter(m => (m.level === 'error' || m.level === 'warning') && pattern.test(String(m.entry.data)));
}

/**
 * Like `synthChecked`, but fails the test on any nag finding or schema problem, and on any
 * alert that cannot reach its topic (see `alertDelivery`): a topic or key outside the app is
 * accepted only where synthesis warned about it.
 */
export function expectClean(app: App | Stage): CheckedStack[] {
  const checked = synthChecked(app);
  for (const c of checked) {
    expect({ stack: c.stack.node.path, nag: c.nagFindings, schema: c.schemaProblems })
      .toEqual({ stack: c.stack.node.path, nag: [], schema: [] });
  }
  expect(undeliverableAlerts(checked)).toEqual([]);
  return checked;
}

/** Alert routes not proven to deliver, and routes outside the app without a warning. */
export function undeliverableAlerts(checked: CheckedStack[]): string[] {
  const delivery = alertDelivery(checked);
  const unwarned = delivery.external.filter(e => {
    const warnings = messagesOf(e.stack, /cdk-bedrock-cost-profiles:importedTopic(Policy|Key)/).filter(m => m.level === 'warning');
    return warnings.length === 0;
  }).map(e => `${e.stack.node.path}/${e.source}: ${e.what} is outside the app, and synthesis did not warn`);
  return [...delivery.problems, ...unwarned];
}

export function stacksOf(scope: IConstruct): Stack[] {
  return scope.node.findAll().filter((c): c is Stack => Stack.isStack(c));
}
