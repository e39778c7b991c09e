import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildAttributionApp } from '../../examples/attribution-stack';
import { alertDelivery } from '../helpers/alert-delivery';
import { expectClean } from '../helpers/synth';

describe('examples/attribution-stack.ts: profiles, principal tags and the CUR 2.0 export', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'attribution-example-'));
  const { app, workloads, billing } = buildAttributionApp(outdir);
  const checked = expectClean(app);
  const work = Template.fromStack(workloads);
  const bill = Template.fromStack(billing);

  test('two stacks in us-east-1, schema-valid and cdk-nag clean, with no synthesis warning', () => {
    expect(checked.map(c => [c.stack.stackName, c.stack.region])).toEqual([
      ['BedrockAttributionWorkloads', 'us-east-1'], ['BedrockAttributionBilling', 'us-east-1'],
    ]);
    const messages = checked.flatMap(c => Stage.of(c.stack)!.synth().getStackArtifact(c.stack.artifactId).messages)
      .filter(m => m.level !== 'info').map(m => `${m.id}: ${String(m.entry.data).split('\n')[0]}`);
    expect(messages).toEqual([]);
  });

  test('the profile copies the US profile of Claude Sonnet 4.6 and carries the team tags', () => {
    work.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      ModelSource: { CopyFrom: { 'Fn::Join': ['', ['arn:aws:bedrock:us-east-1:', { Ref: 'AWS::AccountId' }, ':inference-profile/us.anthropic.claude-sonnet-4-6']] } },
      Tags: [{ Key: 'CostCenter', Value: 'CC-1000' }, { Key: 'Service', Value: 'search-assistant' }, { Key: 'Team', Value: 'search' }],
    });
  });

  test('grantInvoke with tagGrantee tags the caller role with the profile\'s tags, and grants it the profile only', () => {
    const [role] = Object.values<any>(work.findResources('AWS::IAM::Role', { Properties: { Description: 'Runs the search assistant through its cost-allocated Bedrock profile' } }));
    expect(role.Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'CostCenter', Value: 'CC-1000' }, { Key: 'Service', Value: 'search-assistant' }, { Key: 'Team', Value: 'search' },
    ]));
    const policies = JSON.stringify(work.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('bedrock:InvokeModelWithResponseStream');
    expect(policies).toContain('bedrock:InferenceProfileArn');
  });

  test('the existing role is tagged by a custom resource, one per tag key, and budgeted on iamPrincipal/Team', () => {
    expect(workloads.indexerTags.activationKeys).toEqual(['iamPrincipal/Team', 'iamPrincipal/CostCenter']);
    const tagged = Object.values<any>(work.findResources('Custom::PrincipalCostTag')).map(r => JSON.parse(r.Properties.Create).parameters);
    expect(tagged).toEqual([
      { RoleName: 'search-indexer', Tags: [{ Key: 'Team', Value: 'search' }] },
      { RoleName: 'search-indexer', Tags: [{ Key: 'CostCenter', Value: 'CC-1000' }] },
    ]);
    const budgets = Object.values<any>(work.findResources('AWS::Budgets::Budget')).map(r => r.Properties.Budget);
    expect(budgets.map(b => [b.FilterExpression.Tags, b.BudgetLimit.Amount])).toEqual([
      [{ Key: 'iamPrincipal/Team', MatchOptions: ['EQUALS'], Values: ['search'] }, 3000],
    ]);
    expect(alertDelivery(checked).problems).toEqual([]);
  });

  test('the payer stack activates the resource and the principal keys, and exports CUR 2.0 with IAM principal data', () => {
    bill.hasResourceProperties('Custom::CostAllocationTagActivation', {
      TagKeys: ['CostCenter', 'Service', 'Team', 'iamPrincipal/CostCenter', 'iamPrincipal/Team'],
    });
    const [exp] = Object.values<any>(bill.findResources('AWS::BCMDataExports::Export')).map(r => r.Properties.Export);
    expect(exp.DataQuery.TableConfigurations.COST_AND_USAGE_REPORT.INCLUDE_IAM_PRINCIPAL_DATA).toBe('TRUE');
    bill.resourceCountIs('AWS::Glue::Table', 1);
    bill.resourceCountIs('AWS::Athena::WorkGroup', 1);
  });

  test('its forecast-vs-actual query carries the forecast this app synthesizes for the profile', () => {
    expect(Object.keys(billing.dataExport.namedQueries)).toEqual([
      'CostPerProfileTagPerDay', 'CostPerPrincipalTag', 'CostPerModelAndRegion', 'TopCallers', 'ForecastVsActual',
    ]);
    const queries = Object.values<any>(bill.findResources('AWS::Athena::NamedQuery')).map(r => JSON.stringify(r.Properties.QueryString));
    // 8,000 requests a day x 30 days x (600 x 3.30 + 300 x 16.50) USD per 1M tokens = 1,663.20 USD.
    expect(queries.some(q => q.includes('search-assistant') && q.includes('1663.2'))).toBe(true);
  });
});
