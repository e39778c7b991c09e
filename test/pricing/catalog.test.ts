import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BedrockModelId } from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { Catalog } from '../../src/pricing/catalog';
import { PriceCatalog } from '../../src/pricing/cost-forecast';
import { Dec } from '../../src/pricing/decimal';
import { resolveModelRef } from '../../src/pricing/model-ref';

const catalog = Catalog.embedded();
const prices = PriceCatalog.embedded();

function scratch(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prices-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('the embedded catalog', () => {
  test('holds the three dated pricing pages, then the 2026 sources, every price citing its line or rule', () => {
    expect(prices.sources.slice(0, 3).map(s => [s.id, s.effectiveDate])).toEqual([
      ['aws-pricing-page-tr-2024-04-23', '2024-04-23'], ['aws-pricing-page-vi-2024-06-20', '2024-06-20'], ['aws-pricing-page-ko-2025-02-01', '2025-02-01'],
    ]);
    // The 2026 sources are checked in current-catalog.test.ts.
    expect(prices.sources.slice(3).every(s => s.effectiveDate.startsWith('2026-'))).toBe(true);
    expect(catalog.rows.length).toBeGreaterThan(550);
    for (const row of catalog.rows) {
      expect(row.line !== undefined || row.ref !== undefined).toBe(true);
      expect(catalog.items.has(row.item)).toBe(true);
      expect(catalog.meters.has(row.meter)).toBe(true);
      expect(row.usd.isNegative()).toBe(false);
      expect(row.unitPrice.times(Dec.fromBigInt(BigInt(row.per))).eq(row.usd)).toBe(true);
    }
  });

  test('covers every kind of price the seeds give', () => {
    const meters = new Set(catalog.rows.map(r => r.meter));
    for (const meter of [
      'input-tokens', 'output-tokens', 'batch-input-tokens', 'batch-output-tokens', 'cache-read-input-tokens', 'cache-write-input-tokens',
      'latency-optimized-input-tokens', 'latency-optimized-output-tokens', 'provisioned-no-commitment', 'provisioned-1-month', 'provisioned-6-month',
      'image-standard-small', 'image-premium-large', 'image-standard', 'image', 'input-images', 'video-seconds-720p', 'training-tokens', 'training-images',
      'custom-model-storage', 'custom-provisioned-no-commitment', 'cmu-minutes', 'cmu-storage', 'text-units', 'node-transitions', 'queries', 'requests',
      'human-tasks', 'custom-document-pages', 'custom-document-extra-field-pages', 'custom-images', 'standard-document-pages', 'standard-video-minutes',
      'standard-audio-minutes',
    ]) {
      expect([meter, meters.has(meter)]).toEqual([meter, true]);
    }
  });

  test('batch is never dearer than on-demand where both are priced', () => {
    for (const batch of catalog.rows.filter(r => r.meter.startsWith('batch-'))) {
      const onDemand = catalog.rows.filter(r => r.item === batch.item && r.meter === batch.meter.replace('batch-', '')
        && r.source.id === batch.source.id && r.regions.some(x => batch.regions.includes(x)));
      expect(onDemand.length).toBeGreaterThan(0);
      for (const o of onDemand) {
        expect([batch.item, batch.meter, batch.unitPrice.lte(o.unitPrice)]).toEqual([batch.item, batch.meter, true]);
      }
    }
  });

  test('the newest price wins; an as-of date selects an older one', () => {
    const q = (asOf?: string) => prices.quote({ model: 'guardrails.content-filter', meter: 'text-units', region: 'us-east-1', asOf });
    expect(q()).toMatchObject({ usd: '0.15', per: 1000, sourceId: 'aws-pricing-page-ko-2025-02-01', effectiveDate: '2025-02-01' });
    expect(q('2024-12-31')).toMatchObject({ usd: '0.75', sourceId: 'aws-pricing-page-vi-2024-06-20' });
    expect(q('2024-05-01')).toMatchObject({ usd: '0.75', sourceId: 'aws-pricing-page-tr-2024-04-23' });
    expect(() => q('2024-01-01')).toThrow('effective on or before 2024-01-01 (the earliest is 2024-04-23)');
  });

  test('the smallest price is exact: Nova Micro cache read, 8.75e-9 USD per token', () => {
    const quote = prices.quote({ model: 'amazon.nova-micro-v1:0', meter: 'cache-read-input-tokens', region: 'us-east-1', asOf: '2025-03-01' });
    expect(quote.unitPriceUsd).toBe('0.00000000875');
    expect(quote.line).toBe(213);
  });

  test('Region-specific prices: Claude 3.5 Sonnet in GovCloud differs; Opus is priced in Oregon only', () => {
    expect(prices.quote({ model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', meter: 'input-tokens', region: 'us-gov-west-1' }).usd).toBe('0.0036');
    expect(prices.quote({ model: 'anthropic.claude-3-opus-20240229-v1:0', meter: 'input-tokens', region: 'us-west-2' }).usd).toBe('0.015');
    expect(() => prices.quote({ model: 'anthropic.claude-3-opus-20240229-v1:0', meter: 'input-tokens', region: 'us-east-1' }))
      .toThrow('has no "input-tokens" price for Claude 3 Opus in Region us-east-1; priced in: us-west-2');
  });

  describe('"priced in" lists only the Regions priced as of the as-of date; later ones come with their start date', () => {
    // Claude Sonnet 5: us-east-1 from 2026-08-20 (Price List), us-west-2 from 2026-09-11 (Price List, us-west-2).
    const message = (model: string, region: string, asOf: string) => {
      try {
        prices.quote({ model, meter: 'input-tokens', region, asOf });
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error(`${model} in ${region} as of ${asOf} was priced`);
    };

    test('a Region priced only after the as-of date is not "priced in", but "from <date> also in"', () => {
      const text = message('anthropic.claude-sonnet-5', 'eu-west-1', '2026-09-01');
      expect(text).toContain('in Region eu-west-1; priced in: us-east-1; global rate from: us-east-1; from 2026-09-11 also in: us-west-2 (got');
      expect(text).not.toMatch(/priced in: [^;]*us-west-2/);
    });

    test('once the later source applies, its Region is priced in', () => {
      expect(message('anthropic.claude-sonnet-5', 'eu-west-1', '2026-12-01')).toContain('priced in: us-east-1, us-west-2; global rate from: us-east-1 (got');
    });

    test('no Region priced yet: says so, then when each starts', () => {
      expect(message('anthropic.claude-sonnet-5', 'eu-west-1', '2026-08-01'))
        .toContain('only the global cross-Region rate is priced (from: us-east-1); from 2026-08-20 also in: us-east-1; from 2026-09-11 also in: us-west-2 (got');
      expect(message('anthropic.claude-3-5-sonnet-20240620-v1:0', 'ap-south-1', '2020-01-01')).toMatch(/priced in no Region as of 2020-01-01; from 2024-\d\d-\d\d also in: /);
    });

    test('the global rate splits the same way', () => {
      const text = message('global.anthropic.claude-haiku-4-5-20251001-v1:0', 'eu-central-1', '2026-09-01');
      expect(text).toContain('priced at the global rate from: eu-west-1, us-east-1; the regional rate in: us-east-1; from 2026-09-11 also in: us-west-2; '
        + 'from 2026-09-26 also in: ap-northeast-2, eu-west-1, us-east-2; from 2026-09-26 the global rate also from: ap-northeast-2, us-east-2, us-west-2 (got');
    });
  });
});

describe('model identity', () => {
  test.each([
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'us-west-2', 'anthropic.claude-3-5-sonnet', undefined, 'us-west-2'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'us-west-2', 'anthropic.claude-3-5-sonnet', undefined, 'us-west-2'],
    ['anthropic.claude-3-5-sonnet', 'us-west-2', 'anthropic.claude-3-5-sonnet', undefined, 'us-west-2'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'us-east-2', 'anthropic.claude-3-5-haiku', 'us', 'us-east-2'],
    ['apac.anthropic.claude-3-haiku-20240307-v1:0', 'ap-northeast-2', 'anthropic.claude-3-haiku', 'apac', 'ap-northeast-2'],
    ['us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'us-gov-west-1', 'anthropic.claude-3-haiku', 'us-gov', 'us-gov-west-1'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1', 'anthropic.claude-sonnet-4-5', 'global', 'global rate from us-east-1'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'eu-west-1', 'anthropic.claude-sonnet-4-5', 'global', 'global rate from eu-west-1'],
    ['arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0', undefined, 'anthropic.claude-3-haiku', undefined, 'eu-central-1'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0', undefined, 'amazon.nova-pro', 'us', 'us-east-1'],
  ])('%s in %s → %s (geo %s), priced in %s', (ref, region, item, geo, pricedIn) => {
    const resolved = resolveModelRef(catalog, ref, region, 'test', 'model');
    expect([resolved.item.key, resolved.geo, resolved.pricedIn]).toEqual([item, geo, pricedIn]);
    // The source Region is always the request's own; only the rate tells a global profile apart.
    expect(resolved.sourceRegion).toBe(region ?? /:bedrock:([a-z0-9-]+):/.exec(ref)![1]);
    expect(resolved.rate).toBe(geo === 'global' ? 'global' : 'regional');
  });

  test('a cross-Region (geo) profile costs what the source Region costs', () => {
    const inRegion = prices.quote({ model: 'anthropic.claude-3-5-haiku-20241022-v1:0', meter: 'output-tokens', region: 'us-east-1' });
    const viaUs = prices.quote({ model: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', meter: 'output-tokens', region: 'us-east-1' });
    expect(viaUs.usd).toBe(inRegion.usd);
  });

  test('a global profile needs the global rate: never a regional or "*" price', () => {
    expect(() => prices.quote({ model: 'global.anthropic.claude-3-5-haiku-20241022-v1:0', meter: 'input-tokens', region: 'us-east-1' }))
      .toThrow(/at the global cross-Region rate from us-east-1 \(global profiles have their own rate, never a regional price\); priced at the regional rate in: us-east-1, us-west-2.* Add the global rate with a price file \(a row with rate: global, regions: \[us-east-1\]\)/);
  });

  test('an unknown model names the nearest known ids', () => {
    expect(() => prices.quote({ model: 'anthropic.claude-3-5-sonet-20241022-v2:0', meter: 'input-tokens', region: 'us-west-2' }))
      .toThrow(/is not a model the price catalog knows .*nearest known: anthropic\.claude-3-5-sonnet-20241022-v2:0/);
  });

  test('a known model the sources do not price says so', () => {
    expect(() => prices.quote({ model: BedrockModelId.ANTHROPIC_CLAUDE_3_7_SONNET.modelId, meter: 'input-tokens', region: 'us-east-1' }))
      .toThrow('has no prices at all: the embedded sources predate it');
  });

  test('an application profile ARN is refused with what to pass instead', () => {
    expect(() => resolveModelRef(catalog, 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc', undefined, 'f', 'model'))
      .toThrow(/does not say which model it copies.*Price the profile's source instead/);
  });

  test('Region: required without an ARN, checked, and must agree with the ARN', () => {
    expect(() => resolveModelRef(catalog, 'amazon.nova-pro-v1:0', undefined, 'f', 'model')).toThrow('f: region is required to price amazon.nova-pro-v1:0');
    expect(() => resolveModelRef(catalog, 'amazon.nova-pro-v1:0', 'useast1', 'f', 'model')).toThrow('f: region is not a Region code');
    expect(() => resolveModelRef(catalog, 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0', 'us-east-1', 'f', 'model'))
      .toThrow('names Region eu-west-1, but region is us-east-1');
  });

  test('every BedrockModelId constant is a model the catalog knows', () => {
    const ids = Object.values(BedrockModelId).filter((v): v is BedrockModelId => v instanceof BedrockModelId).map(m => m.modelId);
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.filter(id => catalog.findItem(id) === undefined)).toEqual([]);
  });
});

describe('your own prices', () => {
  const NEGOTIATED = `
source:
  id: negotiated-2026
  title: Our private pricing addendum
  effectiveDate: "2026-01-01"
items:
  - key: acme.llm
    name: ACME LLM
    modelIds: [acme.llm-v1:0]
prices:
  - { item: anthropic.claude-sonnet-4-5, meter: input-tokens, regions: [global], usd: "3.00", per: 1000000 }
  - { item: anthropic.claude-3-5-sonnet-20241022-v2:0, meter: input-tokens, regions: [us-west-2], usd: "0.0027", per: 1000 }
  - { item: acme.llm-v1:0, meter: output-tokens, regions: ["*"], usd: 0.00000875, per: 1 }
`;

  test('a YAML price file adds a model, a global rate, and overrides a price from its date on', () => {
    const custom = prices.withPriceFile(scratch('negotiated.yaml', NEGOTIATED));
    // As of a date after this file's and before the embedded 2026 prices of Sonnet 4.5.
    expect(custom.quote({ model: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', meter: 'input-tokens', region: 'us-east-1', asOf: '2026-05-01' }))
      .toMatchObject({ usd: '3', per: 1000000, unitPriceUsd: '0.000003', region: 'us-east-1', rate: 'global', pricedIn: 'global rate from us-east-1', sourceId: 'negotiated-2026' });
    expect(custom.quote({ model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', meter: 'input-tokens', region: 'us-west-2' }).usd).toBe('0.0027');
    expect(custom.quote({ model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', meter: 'input-tokens', region: 'us-west-2', asOf: '2025-06-01' }).usd).toBe('0.003');
    expect(custom.quote({ model: 'acme.llm-v1:0', meter: 'output-tokens', region: 'eu-west-1' }).unitPriceUsd).toBe('0.00000875');
    expect(custom.models().find(m => m.key === 'acme.llm')).toMatchObject({ name: 'ACME LLM', pricedMeters: ['output-tokens'] });
    // The embedded catalog is unchanged.
    expect(prices.models().find(m => m.key === 'acme.llm')).toBeUndefined();
  });

  test('a JSON price file works too', () => {
    const file = scratch('p.json', JSON.stringify({
      source: { id: 'x', title: 'x', effectiveDate: '2026-02-01' },
      prices: [
        { item: 'amazon.nova-pro', meter: 'input-tokens', regions: ['us-east-1'], usd: '0.0007', per: 1000 },
      ],
    }));
    expect(prices.withPriceFile(file).quote({ model: 'amazon.nova-pro-v1:0', meter: 'input-tokens', region: 'us-east-1', asOf: '2026-05-01' }).usd).toBe('0.0007');
  });

  test.each([
    ['prices:\n  - { item: nope.model, meter: input-tokens, regions: [us-east-1], usd: "1", per: 1 }', 'prices[0].item is not a catalog item or known model id'],
    ['prices:\n  - { item: amazon.nova-pro, meter: tokens, regions: [us-east-1], usd: "1", per: 1 }', 'prices[0].meter is not a known meter'],
    ['prices:\n  - { item: amazon.nova-pro, meter: input-tokens, regions: [us-east-1], usd: "1,5", per: 1000 }', 'prices[0].usd'],
    ['prices:\n  - { item: amazon.nova-pro, meter: input-tokens, regions: [us-east-1], usd: "1", per: 1024 }', 'prices[0].per must be one of 1, 10, 100'],
    ['prices:\n  - { item: amazon.nova-pro, meter: input-tokens, regions: [moon-1], usd: "1", per: 1 }', 'prices[0].regions[0] must match pattern'],
    ['prices: []\nextra: 1', '(document) has an unknown property "extra"'],
  ])('a bad price file is one clear error naming the file and field (%#)', (body, message) => {
    const file = scratch('bad.yaml', `source: { id: bad, title: Bad, effectiveDate: "2026-01-01" }\n${body}\n`);
    let error: unknown;
    try {
      prices.withPriceFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CostProfilesError);
    expect((error as Error).message).toContain(`${file}: ${message}`);
  });

  test('unreadable and malformed files are reported, as is a source loaded twice', () => {
    expect(() => prices.withPriceFile('/nonexistent/prices.yaml')).toThrow('/nonexistent/prices.yaml: price file cannot be read (ENOENT)');
    const broken = scratch('broken.json', '{ "source": ');
    expect(() => prices.withPriceFile(broken)).toThrow(`${broken}: (document) is not valid JSON`);
    const file = scratch('twice.yaml', 'source: { id: aws-pricing-page-ko-2025-02-01, title: again, effectiveDate: "2026-01-01" }\nprices: []\n');
    expect(() => prices.withPriceFile(file)).toThrow('source.id is already loaded');
  });
});
