/**
 * `bedrock-cost actuals` over a 10,000-profile cost report against a local Cost Explorer that
 * serves 50,000 groups, through the real SDK client. Prints { ms[], requests, groups, pages, lines } as JSON.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { run } from '../src/cli/main';
import { REPORT_SCHEMA_VERSION, StackCostReport } from '../src/report/report-model';

const [dir, profilesArg, roundsArg, pageSizeArg] = process.argv.slice(2);
const PROFILES = Number(profilesArg);
const ROUNDS = Number(roundsArg);
const PAGE_SIZE = Number(pageSizeArg);
const TEAMS = 50;
const USAGE_TYPES = ['USW2-MP:USW2_InputTokenCount-Units', 'USW2-MP:USW2_OutputTokenCount-Units', 'USW2-MP:USW2_CacheReadInputTokenCount-Units',
  'USW2-MP:USW2_CacheWriteInputTokenCount-Units', 'USW2-TimedStorage-ByteHrs'];

/** A cost report as synthesis writes it: PROFILES profiles, each with its own Service tag and one of 50 teams. */
function writeReport(): string {
  const outdir = path.join(dir, `actuals-${PROFILES}`);
  fs.mkdirSync(outdir, { recursive: true });
  const profiles = Array.from({ length: PROFILES }, (_, i) => ({
    path: `Profiles/Service${i}`,
    logicalId: `Service${i}`,
    profileName: `svc-${i}`,
    modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    sourceKind: 'FOUNDATION_MODEL',
    region: 'us-west-2',
    destinationRegions: ['us-west-2'],
    tags: { Service: `svc-${i}`, Team: `team-${i % TEAMS}` },
    forecast: { low: '80', expected: '100', high: '120', asOf: '2026-12-01', daysPerMonth: '30', monthlyGrowth: '0', lines: [] },
  }));
  const team = (t: number) => profiles.filter((_, i) => i % TEAMS === t).map(p => p.path);
  const report: StackCostReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: 'cdk-bedrock-cost-profiles',
    stack: { name: 'Profiles', artifactId: 'Profiles', path: 'Profiles', region: 'us-west-2', account: '111122223333' },
    currency: 'USD',
    rounding: '',
    pricesAsOf: ['2026-12-01'],
    profiles,
    tagValues: [
      ...profiles.map(p => ({ key: 'Service', value: p.tags.Service, profiles: [p.path], forecast: { low: '80', expected: '100', high: '120' }, unforecastProfiles: 0 })),
      ...Array.from({ length: TEAMS }, (_, t) => ({
        key: 'Team', value: `team-${t}`, profiles: team(t), forecast: { low: '0', expected: String(100 * team(t).length), high: '0' }, unforecastProfiles: 0,
      })),
    ],
    budgets: [],
    alarms: [],
    sources: [],
    total: { low: '0', expected: String(100 * PROFILES), high: '0' },
  };
  fs.writeFileSync(path.join(outdir, 'Profiles.bedrock-cost.json'), JSON.stringify(report));
  return outdir;
}

/** Cost Explorer's JSON protocol, served from memory: every Service value and team with every usage type. */
async function startCostExplorer(): Promise<{ url: string; counts: { requests: number; groups: number }; close: () => Promise<void> }> {
  const groupsOf = (key: string) => (key === 'Service'
    ? Array.from({ length: PROFILES }, (_, i) => `svc-${i}`)
    : Array.from({ length: TEAMS }, (_, t) => `team-${t}`)).flatMap(value => USAGE_TYPES.map((usageType, u) => [value, usageType, `${(u + 1) * 7}.5`]));
  const all = { Service: groupsOf('Service'), Team: groupsOf('Team') } as Record<string, string[][]>;
  const counts = { requests: 0, groups: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      counts.requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf-8'));
      const target = String(req.headers['x-amz-target']);
      let reply: unknown;
      if (target.endsWith('ListCostAllocationTags')) {
        reply = { CostAllocationTags: body.TagKeys.map((k: string) => ({ TagKey: k, Type: 'UserDefined', Status: 'Active' })) };
      } else {
        const key = body.GroupBy[0].Key;
        const start = Number(body.NextPageToken ?? 0);
        const page = all[key].slice(start, start + PAGE_SIZE);
        counts.groups += page.length;
        reply = {
          ResultsByTime: [{
            TimePeriod: body.TimePeriod,
            Estimated: true,
            Groups: page.map(([value, usageType, amount]) => ({ Keys: [`${key}$${value}`, usageType], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } })),
          }],
          ...(start + PAGE_SIZE < all[key].length ? { NextPageToken: String(start + PAGE_SIZE) } : {}),
        };
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, counts, close: () => new Promise(resolve => server.close(() => resolve())) };
}

async function main(): Promise<void> {
  const outdir = writeReport();
  const server = await startCostExplorer();
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTTESTTESTTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  const ms: number[] = [];
  let lines = 0;
  let requests = 0;
  for (let round = 0; round < ROUNDS; round++) {
    server.counts.requests = 0;
    server.counts.groups = 0;
    const out: string[] = [];
    const start = process.hrtime.bigint();
    const code = await run(['actuals', outdir, '--month', '2026-11', '--as-of', '2026-11-15', '--endpoint-url', server.url, '--format', 'json'],
      { out: t => out.push(t), err: t => out.push(t) });
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (code !== 0) {
      throw new Error(out.join(''));
    }
    lines = JSON.parse(out.join('')).lines.length;
    requests = server.counts.requests;
  }
  await server.close();
  process.stdout.write(JSON.stringify({ ms, requests, groups: server.counts.groups, lines, profiles: PROFILES, pageSize: PAGE_SIZE }));
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
