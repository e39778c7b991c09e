import * as fs from 'fs';
import { CostProfilesError } from '../core/errors';

/**
 * Which stack (shard) each team's resources live in. Pure: no CDK.
 *
 * Stability: a team stays in its shard for as long as it exists, whatever teams are added or
 * removed around it (moving a profile to another stack would replace it and change its ARN).
 * New teams go, in config order, into the first shard whose estimate stays under the fill
 * target (80% of the resource limit by default), leaving room for existing teams to grow; else
 * a new shard. A removed team leaves a gap; an emptied shard keeps its number (a later shard
 * never renumbers). So the assignment must be kept between syntheses: in a file you commit.
 */

/** Team names per shard number. An empty shard keeps its place. */
export type ShardTable = string[][];

export interface ShardUnit {
  readonly team: string;
  readonly resources: number;
  readonly bytes: number;
}

export interface ShardLimits {
  /** Hard limit of resources per stack (CloudFormation allows 500). */
  readonly maxResources: number;
  /** Hard limit of template bytes (CloudFormation allows 1,000,000 from S3). */
  readonly maxBytes: number;
  /** New teams only go where the shard stays under this share of the limits. */
  readonly fill: number;
  /** Resources every stack has besides its teams' (CDK metadata). */
  readonly perStackResources: number;
}

export interface ShardResult {
  readonly shards: ShardTable;
  /** Teams placed in this run (new, or with no previous assignment). */
  readonly placed: string[];
  /** Teams the previous assignment had that are gone. */
  readonly removed: string[];
  readonly problems: string[];
}

export function assignShards(units: ShardUnit[], previous: ShardTable | undefined, limits: ShardLimits): ShardResult {
  const byTeam = new Map(units.map(u => [u.team, u]));
  const seen = new Set<string>();
  const removed: string[] = [];
  const shards: ShardTable = (previous ?? []).map(shard => shard.filter(team => {
    if (!byTeam.has(team)) {
      removed.push(team);
      return false;
    }
    if (seen.has(team)) {
      return false; // listed twice (a hand edit): the first place wins
    }
    seen.add(team);
    return true;
  }));
  const problems: string[] = [];
  const load = (shard: string[]) => shard.reduce(
    (sum, team) => ({ resources: sum.resources + byTeam.get(team)!.resources, bytes: sum.bytes + byTeam.get(team)!.bytes }),
    { resources: limits.perStackResources, bytes: 0 });

  shards.forEach((shard, i) => {
    const { resources, bytes } = load(shard);
    if (resources > limits.maxResources || bytes > limits.maxBytes) {
      problems.push(`shard ${shardLabel(i)} would hold ${resources} resources and about ${bytes} template bytes (limits ${limits.maxResources} and `
        + `${limits.maxBytes}): its teams (${shard.join(', ')}) grew. Move a team to a new shard by deleting its name from the assignment file `
        + '(its profiles will be replaced and get new ARNs), or split a team');
    }
  });

  const placed: string[] = [];
  for (const unit of units) {
    if (seen.has(unit.team)) {
      continue;
    }
    if (unit.resources + limits.perStackResources > limits.maxResources || unit.bytes > limits.maxBytes) {
      problems.push(`team ${unit.team} alone needs ${unit.resources} resources and about ${unit.bytes} template bytes, more than one stack holds `
        + `(${limits.maxResources} resources, ${limits.maxBytes} bytes): split it into several teams`);
      continue;
    }
    const fits = (shard: string[]) => {
      const { resources, bytes } = load(shard);
      return resources + unit.resources <= limits.maxResources * limits.fill && bytes + unit.bytes <= limits.maxBytes * limits.fill;
    };
    const target = shards.find(fits);
    if (target) {
      target.push(unit.team);
    } else {
      shards.push([unit.team]);
    }
    seen.add(unit.team);
    placed.push(unit.team);
  }
  // Trailing empty shards hold nothing and no later shard depends on their numbers.
  while (shards.length > 0 && shards[shards.length - 1].length === 0) {
    shards.pop();
  }
  return { shards, placed, removed, problems };
}

export function shardLabel(index: number): string {
  return String(index).padStart(2, '0');
}

/** The assignment file: per target, the team names of each shard. */
export interface AssignmentFile {
  readonly comment?: string;
  readonly version: 1;
  readonly targets: Record<string, ShardTable>;
}

const COMMENT = 'Which stack each team of the vending config lives in (cdk-bedrock-cost-profiles). Written at synthesis; commit it. '
  + 'Teams never move between shards on their own: a move replaces their profiles.';

export function readAssignmentFile(file: string): AssignmentFile | undefined {
  if (!fs.existsSync(file)) {
    return undefined;
  }
  let parsed: any;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new CostProfilesError({ location: file, field: '(document)', problem: `is not valid JSON: ${(e as Error).message}`, fix: 'Restore it from version control.' });
  }
  const targets = parsed?.targets;
  const valid = parsed?.version === 1 && targets !== null && typeof targets === 'object'
    && Object.values(targets).every(t => Array.isArray(t) && t.every(s => Array.isArray(s) && s.every(n => typeof n === 'string')));
  if (!valid) {
    throw new CostProfilesError({
      location: file,
      field: 'targets',
      problem: 'is not a shard assignment (version 1: { targets: { <target>: [[team, ...], ...] } })',
      fix: 'Restore it from version control, or delete it to assign every team afresh (which may move teams and replace their profiles).',
    });
  }
  return parsed as AssignmentFile;
}

export function renderAssignmentFile(targets: Record<string, ShardTable>): string {
  const sorted = Object.fromEntries(Object.keys(targets).sort().map(k => [k, targets[k]]));
  // One shard per line: reviewable diffs when a team is added.
  const body = Object.entries(sorted).map(([target, shards]) =>
    `    ${JSON.stringify(target)}: [\n${shards.map(s => `      ${JSON.stringify(s)}`).join(',\n')}\n    ]`).join(',\n');
  return `{\n  "comment": ${JSON.stringify(COMMENT)},\n  "version": 1,\n  "targets": {\n${body}\n  }\n}\n`;
}
