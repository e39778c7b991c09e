/**
 * One measurement, in a fresh process: build N profiles with an invoke grant each, either with
 * CostAllocatedProfile or as raw aws-cdk-lib L1 + iam.Role + the same two statements, then
 * synthesize. Prints one JSON line: { variant, profiles, constructMs, synthMs, totalMs, templateBytes }.
 *
 * Usage: ts-node bench/profiles-synth.worker.ts <l2|l1> <profiles> <outdir>
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BedrockModelId, CostAllocatedProfile, ProfileSource } from '../src';

const [variant, countText, outdir] = process.argv.slice(2);
const count = Number(countText);
const PER_STACK = 100; // 3 resources per profile: 300 per stack, under CloudFormation's 500
const MODEL = BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2;
const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

function l2(stack: Stack, i: number): void {
  const profile = new CostAllocatedProfile(stack, `Profile${i}`, {
    source: ProfileSource.foundationModel(MODEL),
    costAllocationTags: { Service: `service-${i}` },
  });
  profile.grantInvoke(new iam.Role(stack, `Caller${i}`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
}

function l1(stack: Stack, i: number): void {
  const modelArn = `arn:aws:bedrock:${stack.region}::foundation-model/${MODEL.modelId}`;
  const profile = new bedrock.CfnApplicationInferenceProfile(stack, `Profile${i}`, {
    inferenceProfileName: `${stack.stackName}-Profile${i}`,
    modelSource: { copyFrom: modelArn },
    tags: [{ key: 'Service', value: `service-${i}` }],
  });
  const role = new iam.Role(stack, `Caller${i}`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: INVOKE, resources: [profile.attrInferenceProfileArn] }));
  role.addToPolicy(new iam.PolicyStatement({
    actions: INVOKE,
    resources: [modelArn],
    conditions: { ArnEquals: { 'bedrock:InferenceProfileArn': profile.attrInferenceProfileArn } },
  }));
}

const build = variant === 'l2' ? l2 : l1;
const t0 = process.hrtime.bigint();
const app = new App({ outdir, context: { 'aws:cdk:disable-version-reporting': true } });
let stack: Stack | undefined;
for (let i = 0; i < count; i++) {
  if (i % PER_STACK === 0) {
    stack = new Stack(app, `Bench${i / PER_STACK}`, { env: { account: '123456789012', region: 'us-west-2' }, analyticsReporting: false });
  }
  build(stack!, i);
}
const t1 = process.hrtime.bigint();
const assembly = app.synth();
const t2 = process.hrtime.bigint();
const templateBytes = assembly.stacks.reduce((sum, s) => sum + fs.statSync(path.join(assembly.directory, s.templateFile)).size, 0);
const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
console.log(JSON.stringify({
  variant, profiles: count, constructMs: ms(t0, t1), synthMs: ms(t1, t2), totalMs: ms(t0, t2), templateBytes,
}));
