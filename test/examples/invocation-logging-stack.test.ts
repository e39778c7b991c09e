import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildInvocationLoggingApp } from '../../examples/invocation-logging-stack';
import { alertDelivery } from '../helpers/alert-delivery';
import { expectClean } from '../helpers/synth';

describe('examples/invocation-logging-stack.ts', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'logging-example-'));
  const { app, logging } = buildInvocationLoggingApp(outdir);
  const checked = expectClean(app);
  const template = Template.fromStack(logging);

  test('the per-service stack and the logging stack: both schema-valid and cdk-nag clean', () => {
    expect(checked.map(c => c.stack.stackName).sort()).toEqual(['BedrockInvocationLogging', 'BedrockPerServiceProfiles']);
  });

  test('every alert provably reaches its topic, the two delivery-failure alarms included', () => {
    expect(alertDelivery(checked)).toEqual({ routes: 13 + 2, problems: [], external: [] });
  });

  test('one logging configuration, a month of retention, a payload bucket and both delivery alarms', () => {
    template.resourceCountIs('Custom::BedrockInvocationLogging', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.resourceCountIs('AWS::S3::Bucket', 1);
    const alarms = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map(a => a.Properties.MetricName).sort();
    expect(alarms).toEqual(['ModelInvocationLargeDataS3DeliveryFailure', 'ModelInvocationLogsCloudWatchDeliveryFailure']);
  });

  test('the dashboard shows the three service profiles, priced, with the top callers from the logs', () => {
    const [dashboard] = Object.values<any>(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(new Set(body.match(/FILL\(inputTokens\d/g))).toEqual(new Set(['FILL(inputTokens0', 'FILL(inputTokens1', 'FILL(inputTokens2']));
    expect(body).toContain('Top callers of these profiles');
    expect(body).toContain('Fn::ImportValue');
  });
});
