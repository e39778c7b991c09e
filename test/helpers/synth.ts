import { App, Aspects, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
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
    const annotations = Annotations.fromStack(stack);
    const nag = [
      ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-')),
    ].map(m => `${m.id}: ${String(m.entry.data).split('\n')[0]}`);
    const template = Template.fromStack(stack).toJSON();
    return { stack, template, nagFindings: nag, schemaProblems: schemaProblems(template) };
  });
}

/** Like `synthChecked`, but fails the test on any nag finding or schema problem. */
export function expectClean(app: App | Stage): CheckedStack[] {
  const checked = synthChecked(app);
  for (const c of checked) {
    expect({ stack: c.stack.node.path, nag: c.nagFindings, schema: c.schemaProblems })
      .toEqual({ stack: c.stack.node.path, nag: [], schema: [] });
  }
  return checked;
}

export function stacksOf(scope: IConstruct): Stack[] {
  return scope.node.findAll().filter((c): c is Stack => Stack.isStack(c));
}
