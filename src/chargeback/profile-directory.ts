import mappingSchema from './mapping.schema.json';
import { CostProfilesError } from '../core/errors';
import { readTextFile } from '../core/regular-file';
import { parseDocument } from '../pricing/catalog';
import { checkAgainstSchema } from '../pricing/schema-check';
import { readReports } from '../report/read-reports';
import { ProfileEntry, StackCostReport } from '../report/report-model';

const PROFILE_ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+):(\d{12}):application-inference-profile\/([a-z0-9]+)$/;
const MODEL_ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):\d*:foundation-model\/(.+)$/;

/** What chargeback knows about one application inference profile. */
export interface ProfileInfo {
  readonly arn: string;
  readonly id: string;
  readonly region: string;
  readonly account: string;
  readonly name?: string;
  /** What to price: a model id, with the geography prefix for a cross-Region source. */
  readonly model?: string;
  readonly tags: Record<string, string>;
  /** Where the facts came from: mapping, cost report, profile list. */
  readonly sources: string[];
  /** Why the model is unknown, when it is. */
  readonly unknownModelReason?: string;
}

interface MappingEntry {
  readonly arn?: string;
  readonly id?: string;
  readonly name?: string;
  readonly model?: string;
  readonly tags?: Record<string, string>;
}

interface ListedProfile {
  readonly arn: string;
  readonly name?: string;
  readonly modelArns: string[];
}

/** Parses an application inference profile ARN, or undefined. */
export function parseProfileArn(arn: string): { region: string; account: string; id: string } | undefined {
  const m = PROFILE_ARN.exec(arn);
  return m ? { region: m[1], account: m[2], id: m[3] } : undefined;
}

/**
 * Joins what the user gave about profiles — a mapping file, `aws bedrock
 * list-inference-profiles` output, cost reports from cdk.out — into one answer per ARN.
 * Precedence: mapping file, then cost report (joined by name), then the profile list.
 */
export class ProfileDirectory {
  /** Reads the given files; each is validated and a bad one is one clear error. */
  public static load(options: { mappingFiles?: string[]; profileLists?: string[]; reportDirs?: string[] }): ProfileDirectory {
    const mapping = (options.mappingFiles ?? []).flatMap(readMapping);
    const listed = (options.profileLists ?? []).flatMap(readProfileList);
    const reports = (options.reportDirs ?? []).flatMap(dir => readReports(dir));
    return new ProfileDirectory(mapping, listed, reports);
  }

  private readonly cache = new Map<string, ProfileInfo>();

  constructor(
    private readonly mapping: MappingEntry[],
    private readonly listed: ListedProfile[],
    private readonly reports: StackCostReport[],
  ) {}

  /** What is known about the profile with this ARN (an ARN the logs showed). */
  public lookup(arn: string): ProfileInfo {
    let info = this.cache.get(arn);
    if (info === undefined) {
      info = this.resolve(arn);
      this.cache.set(arn, info);
    }
    return info;
  }

  private resolve(arn: string): ProfileInfo {
    const parsed = parseProfileArn(arn)!;
    const sources: string[] = [];
    const listed = this.listed.find(p => p.arn === arn);
    const byArn = this.mapping.find(m => m.arn === arn) ?? this.mapping.find(m => m.id === parsed.id);
    const name = byArn?.name ?? listed?.name;
    const byName = byArn ?? (name !== undefined ? this.mapping.find(m => m.name === name && m.arn === undefined && m.id === undefined) : undefined);
    if (byName) {
      sources.push('mapping');
    }
    const reported = name !== undefined ? this.reportEntry(name, parsed) : undefined;
    if (reported && 'entry' in reported) {
      sources.push('cost report');
    }
    if (listed) {
      sources.push('profile list');
    }
    const tags = { ...(reported && 'entry' in reported ? reported.entry.tags : {}), ...(byName?.tags ?? {}) };
    let model = byName?.model;
    let unknownModelReason: string | undefined;
    if (model === undefined && reported && 'entry' in reported) {
      model = reported.entry.geo ? `${reported.entry.geo}.${reported.entry.modelId}` : reported.entry.modelId;
    }
    if (model === undefined && listed) {
      const fromList = modelFromList(listed, parsed.region);
      model = fromList.model;
      unknownModelReason = fromList.reason;
    }
    if (model === undefined && unknownModelReason === undefined) {
      unknownModelReason = reported && 'ambiguous' in reported
        ? `its name ${name} is in several cost reports (${reported.ambiguous.join(', ')})`
        : 'nothing says which model it copies';
    }
    return { arn, ...parsed, name, model, tags, sources, unknownModelReason: model === undefined ? unknownModelReason : undefined };
  }

  private reportEntry(name: string, arn: { region: string; account: string }): { entry: ProfileEntry } | { ambiguous: string[] } | undefined {
    const matches = this.reports.flatMap(report => report.profiles
      .filter(p => p.profileName === name && sameEnv(report.stack.region, arn.region) && sameEnv(report.stack.account, arn.account))
      .map(entry => ({ entry, stack: report.stack.path })));
    const distinct = new Map(matches.map(m => [JSON.stringify([m.entry.modelId, m.entry.geo, m.entry.tags]), m]));
    if (distinct.size > 1) {
      return { ambiguous: matches.map(m => m.stack) };
    }
    return matches.length > 0 ? { entry: matches[0].entry } : undefined;
  }
}

/** A report's account or Region may be unresolved ("${Token…}" or empty): it matches any. */
function sameEnv(reported: string, actual: string): boolean {
  return !/^[a-z0-9-]+$/.test(reported) || reported === actual;
}

/**
 * list-inference-profiles names the model ARN in each Region the profile runs in. One ARN in
 * the profile's own Region: a foundation-model copy, priced there. Several Regions: a copy of a
 * cross-Region profile, whose geography (regional or global rate) the list does not say.
 */
function modelFromList(listed: ListedProfile, region: string): { model?: string; reason?: string } {
  const models = listed.modelArns.map(a => MODEL_ARN.exec(a)).filter((m): m is RegExpExecArray => m !== null);
  const ids = [...new Set(models.map(m => m[2]))];
  const regions = [...new Set(models.map(m => m[1]))];
  if (ids.length === 1 && regions.length === 1 && (regions[0] === region || regions[0] === '')) {
    return { model: ids[0] };
  }
  if (ids.length === 1) {
    return {
      reason: `it copies a cross-Region profile of ${ids[0]} (runs in ${regions.join(', ')}); the profile list does not say which geography, `
      + 'so which rate applies (regional or global): add model: <geo>.<model id> to a mapping file, or pass the cost report',
    };
  }
  return { reason: 'the profile list names no single model for it' };
}

function readMapping(file: string): MappingEntry[] {
  const document = parseDocument(readTextFile(file, 'mapping file'), file);
  checkAgainstSchema(mappingSchema, document, file, 'See docs/logging.md ("Chargeback from invocation logs") or mapping.schema.json, both shipped with the package.');
  return (document as { profiles: MappingEntry[] }).profiles;
}

function readProfileList(file: string): ListedProfile[] {
  const document = parseDocument(readTextFile(file, 'profile list'), file.endsWith('.json') ? file : `${file}.json`) as { inferenceProfileSummaries?: unknown };
  const summaries = document?.inferenceProfileSummaries;
  if (!Array.isArray(summaries)) {
    throw new CostProfilesError({
      location: file,
      field: 'inferenceProfileSummaries',
      problem: 'is missing: this is not list-inference-profiles output',
      fix: 'Save it with: aws bedrock list-inference-profiles --type-equals APPLICATION --output json > profiles.json',
    });
  }
  return summaries.flatMap((s: any, i: number) => {
    if (typeof s?.inferenceProfileArn !== 'string') {
      throw new CostProfilesError({ location: file, field: `inferenceProfileSummaries[${i}].inferenceProfileArn`, problem: 'is missing', fix: 'Use the unedited CLI output.' });
    }
    const models = Array.isArray(s.models) ? s.models.map((m: any) => m?.modelArn).filter((a: unknown): a is string => typeof a === 'string') : [];
    return [{ arn: s.inferenceProfileArn, name: typeof s.inferenceProfileName === 'string' ? s.inferenceProfileName : undefined, modelArns: models }];
  });
}
