import * as fs from 'fs';
import * as path from 'path';
import { Annotations, attachCustomSynthesis, BootstraplessSynthesizer, CfnResource, ISynthesisSession, Stack, Stage, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { assignShards, readAssignmentFile, renderAssignmentFile, shardLabel, ShardTable } from './shard-assignment';
import { ShardStack } from './shard-stack';
import { teamFootprint, VendedTeam } from './vended-team';
import { VendingConfiguration } from './vending-config';
import { ANY_ACCOUNT, planVending, VendingPlan } from './vending-plan';
import { CostProfilesError } from '../core/errors';
import { emptyRecord, ownValue } from '../core/records';
import { claimUniqueName } from '../core/unique-names';
import { fail } from '../core/validation';
import { CostAllocatedProfile } from '../profiles/cost-allocated-profile';
import { contributeToCostReport } from '../report/cost-report';
import { ShardDescription } from '../report/report-model';

const CLOUDFORMATION_MAX_RESOURCES = 500;
const CLOUDFORMATION_MAX_TEMPLATE_BYTES = 1_000_000;
const PER_STACK_RESOURCES = 1; // AWS::CDK::Metadata

/**
 * Properties of `PlatformVending`.
 *
 * @example
 * new PlatformVending(app, 'Vending', {
 *   config: VendingConfiguration.fromFile('teams.yaml'),
 *   shardAssignmentFile: 'teams.shards.json',
 *   updateShardAssignment: false, // in CI: fail instead of rewriting the committed assignment
 *   maxResourcesPerStack: 400,
 *   stackNamePrefix: 'TeamBedrock',
 * });
 */
export interface PlatformVendingProps {
  /** The teams, services and targets: `VendingConfiguration.fromFile('teams.yaml')` or `.fromObject({...})`. */
  readonly config: VendingConfiguration;

  /**
   * The file that keeps which shard (stack) each team lives in, so that adding or removing a
   * team never moves another. Read at construction, written at synthesis when it changed.
   * Commit it next to the config.
   *
   * @default - none: every synthesis assigns from scratch in config order, so inserting or
   * removing a team can move the teams after it (synthesis warns)
   */
  readonly shardAssignmentFile?: string;

  /**
   * Write the shard assignment file when it changed. Set false in CI: a stale file then fails
   * synthesis instead of being rewritten there.
   *
   * @default true
   */
  readonly updateShardAssignment?: boolean;

  /**
   * Most resources in one stack (CloudFormation allows 500).
   *
   * @default 480
   */
  readonly maxResourcesPerStack?: number;

  /**
   * New teams go into a shard only while it stays under this share of the limits, leaving
   * room for its teams to grow.
   *
   * @default 0.8
   */
  readonly shardFill?: number;

  /**
   * Prefix of the stack names: `<prefix>-<target>-<shard>`.
   *
   * @default 'BedrockVending'
   */
  readonly stackNamePrefix?: string;
}

/**
 * Vends cost-allocated profiles to many teams from one config: for every team and target, the
 * profiles (tagged), their SSM hand-off parameters, invoke grants to the consumer roles, spend
 * alarms and the team budget. One CDK `Stage` per target (account and Region), deployable
 * with `cdk deploy`, CDK Pipelines (`pipeline.addStage(stage)`) or StackSets; teams are
 * sharded over stacks to stay under CloudFormation's 500 resources and 1 MB per template,
 * with a stable assignment. The whole config is validated first, every problem reported at once.
 *
 * @example
 * // One stage per target of teams.yaml: `cdk deploy 'Vending/prod-us/*'` deploys the shards of one.
 * new PlatformVending(app, 'Vending', {
 *   config: VendingConfiguration.fromFile('teams.yaml'),
 *   shardAssignmentFile: 'teams.shards.json', // commit it: teams never move between stacks
 * });
 */
export class PlatformVending extends Construct {
  /** One stage per target, in config order. */
  public readonly stages: Stage[];
  /** Every shard stack. */
  public readonly stacks: Stack[];
  /** The shard assignment (per target, the teams of each shard) as JSON. */
  public readonly shardAssignment: string;
  private readonly plan: VendingPlan;
  private readonly teams = new Map<string, VendedTeam>();

  constructor(scope: Construct, id: string, props: PlatformVendingProps) {
    super(scope, id);
    if (props === null || typeof props !== 'object' || !(props.config instanceof VendingConfiguration)) {
      fail(this, 'config', 'must be a VendingConfiguration', "Use VendingConfiguration.fromFile('teams.yaml') or VendingConfiguration.fromObject({...}).",
        props?.config);
    }
    const maxResources = checkNumber(this, 'maxResourcesPerStack', props.maxResourcesPerStack, 480, 50, CLOUDFORMATION_MAX_RESOURCES, true);
    const fill = checkNumber(this, 'shardFill', props.shardFill, 0.8, 0.1, 1, false);
    const prefix = props.stackNamePrefix ?? 'BedrockVending';
    if (typeof prefix !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,60}$/.test(prefix)) {
      fail(this, 'stackNamePrefix', 'must be 1-61 letters, digits and -, starting with a letter', "Use e.g. 'BedrockVending'.", prefix);
    }
    this.plan = planVending(props.config);

    const previous = props.shardAssignmentFile !== undefined ? readAssignmentFile(props.shardAssignmentFile) : undefined;
    if (props.shardAssignmentFile === undefined) {
      Annotations.of(this).addWarningV2('cdk-bedrock-cost-profiles:unpinnedShards',
        'No shardAssignmentFile: teams are assigned to stacks from scratch on every synthesis, so inserting or removing a team can move '
        + 'the teams after it (and replace their profiles). Give shardAssignmentFile and commit the file.');
    }
    const assignment = emptyRecord<ShardTable>();
    const problems: string[] = [];
    const planned = new Map(this.plan.teams.map(t => [t.name, t]));
    this.stages = [];
    this.stacks = [];
    for (const target of this.plan.targets) {
      const teams = this.plan.teams.filter(t => t.targets.includes(target.name));
      const footprints = new Map(teams.map(t => [t.name, teamFootprint(t)]));
      const result = assignShards(
        teams.map(t => ({ team: t.name, ...footprints.get(t.name)! })),
        ownValue(previous?.targets, target.name),
        { maxResources, maxBytes: CLOUDFORMATION_MAX_TEMPLATE_BYTES * 0.9, fill, perStackResources: PER_STACK_RESOURCES },
      );
      problems.push(...result.problems.map(p => `target ${target.name}: ${p}`));
      assignment[target.name] = result.shards;
      // An account-agnostic target: no account in the templates and no bootstrap check, so a
      // template can be a StackSet's (vending creates no assets).
      const anyAccount = target.account === ANY_ACCOUNT;
      const stage = new Stage(this, target.name, { env: { account: anyAccount ? undefined : target.account, region: target.region } });
      this.stages.push(stage);
      result.shards.forEach((shardTeams, index) => {
        if (shardTeams.length === 0) {
          return; // a gap: CloudFormation has no empty stacks, and later shards keep their numbers
        }
        const label = shardLabel(index);
        const stack = new ShardStack(stage, `Shard${label}`, {
          stackName: `${prefix}-${target.name}-${label}`,
          synthesizer: anyAccount ? new BootstraplessSynthesizer() : undefined,
          description: `Bedrock profiles vended to teams ${shardTeams.join(', ')} (cdk-bedrock-cost-profiles, shard ${label})`.slice(0, 1024),
        });
        this.stacks.push(stack);
        claimUniqueName(stack, 'stack name', stack.stackName, 'stackName',
          `Give each PlatformVending its own stackNamePrefix (this one's is "${prefix}").`);
        for (const name of shardTeams) {
          const team = planned.get(name)!;
          this.teams.set(`${target.name}/${name}`, new VendedTeam(stack, name, this.plan, team));
        }
        const description = (): ShardDescription => ({
          target: target.name,
          shard: label,
          stackName: stack.stackName,
          teams: shardTeams.map(name => ({
            name,
            services: planned.get(name)!.services.length,
            estimatedResources: footprints.get(name)!.resources,
          })),
          resources: countResources(stack),
          resourceLimit: maxResources,
          placementLimit: Math.floor(maxResources * fill),
        });
        contributeToCostReport(stack, { shard: description });
        stack.node.addValidation({ validate: () => overLimit(stack, maxResources) });
      });
    }
    // Stacks of the app made otherwise (by hand, or added after this construct) claim no name:
    // compared at synthesis, when the app is complete.
    this.node.addValidation({ validate: () => stacksNamedLikeShards(this.stacks, this.node.root) });
    if (problems.length > 0) {
      throw new CostProfilesError({
        location: this.node.path,
        field: 'shards',
        problem: `cannot be assigned:\n${problems.map(p => `  - ${p}`).join('\n')}\n`,
        fix: 'See each problem; maxResourcesPerStack (up to 500) gives every stack more room.',
      });
    }
    this.shardAssignment = renderAssignmentFile(assignment);
    const file = props.shardAssignmentFile;
    const stale = file !== undefined && (!fs.existsSync(file) || fs.readFileSync(file, 'utf-8') !== this.shardAssignment);
    if (stale && props.updateShardAssignment === false) {
      throw new CostProfilesError({
        location: this.node.path,
        field: 'shardAssignmentFile',
        problem: `(${file}) is out of date: the config added or removed teams`,
        fix: 'Synthesize once with updateShardAssignment (the default) and commit the file it writes.',
      });
    }
    attachCustomSynthesis(this, {
      onSynthesize: session => this.afterSynthesis(session, stale ? file : undefined),
    });
  }

  /** The profiles vended to a team in a target, in service order. */
  public profilesOf(target: string, team: string): CostAllocatedProfile[] {
    const vended = this.teams.get(`${target}/${team}`);
    if (vended === undefined) {
      fail(this, 'profilesOf', `knows no team "${team}" in target "${target}"`, 'Check the names against the config.', `${target}/${team}`);
    }
    return vended.profiles;
  }

  /** Stages are synthesized before this runs: check the real template sizes, then save the assignment. */
  private afterSynthesis(_session: ISynthesisSession, assignmentToWrite: string | undefined): void {
    const tooBig: string[] = [];
    for (const stack of this.stacks) {
      const template = path.join(Stage.of(stack)!.outdir, stack.templateFile);
      const bytes = fs.existsSync(template) ? fs.statSync(template).size : 0;
      if (bytes > CLOUDFORMATION_MAX_TEMPLATE_BYTES) {
        tooBig.push(`${stack.stackName}: ${bytes} bytes`);
      }
    }
    if (tooBig.length > 0) {
      throw new CostProfilesError({
        location: this.node.path,
        field: 'shards',
        problem: `have templates over CloudFormation's 1,000,000 bytes: ${tooBig.join(', ')}`,
        fix: 'Lower maxResourcesPerStack so that shards hold fewer resources.',
      });
    }
    if (assignmentToWrite !== undefined) {
      fs.writeFileSync(assignmentToWrite, this.shardAssignment);
    }
  }
}

function checkNumber(scope: IConstruct, field: string, value: unknown, fallback: number, min: number, max: number, integer: boolean): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    fail(scope, field, `must be a ${integer ? 'whole ' : ''}number from ${min} to ${max}`, `Use e.g. ${fallback}.`, value);
  }
  return value;
}

/** Other stacks of the app with a shard's name in a possibly same account and Region. */
function stacksNamedLikeShards(shards: Stack[], root: IConstruct): string[] {
  const names = new Map(shards.map(s => [s.stackName, s]));
  const own = new Set<IConstruct>(shards);
  const part = (value: string) => (Token.isUnresolved(value) ? '*' : value);
  const overlap = (a: string, b: string) => part(a) === '*' || part(b) === '*' || a === b;
  return root.node.findAll()
    .filter((c): c is Stack => Stack.isStack(c) && !own.has(c) && names.has(c.stackName))
    .filter(other => {
      const shard = names.get(other.stackName)!;
      return overlap(shard.account, other.account) && overlap(shard.region, other.region);
    })
    .map(other => `the stack ${other.node.path} is named ${other.stackName}, like the vending shard ${names.get(other.stackName)!.node.path} `
      + 'in the same (or an unspecified) account and Region: one deployment would replace the other\'s resources. '
      + 'Give PlatformVending another stackNamePrefix, or the other stack another stackName.');
}

function countResources(stack: Stack): number {
  return stack.node.findAll().filter(c => CfnResource.isCfnResource(c)).length;
}

function overLimit(stack: Stack, limit: number): string[] {
  const count = countResources(stack);
  return count > Math.min(limit, CLOUDFORMATION_MAX_RESOURCES)
    ? [`${stack.stackName} has ${count} resources, over the limit of ${limit}: the team estimates in the shard assignment are off (please report it)`]
    : [];
}
