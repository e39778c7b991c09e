/**
 * Price List documents in AWS's real shapes (bulk offer files and GetProducts items), built from
 * compact SKU specs. The shapes (attribute names, term and dimension keys, units, descriptions,
 * usagetype spellings) follow public Price List copies: AWS Billing docs "Reading the price
 * list files", recorded GetProducts items in public repositories, grafana/cloudcost-exporter's
 * bedrock tests. Reserved-tier SKUs take the AmazonBedrockFoundationModels shape of the offer
 * published 2026-09-22 (as quoted by public notes on it): usagetype `Reserved_1Month_InputTPM_Global`,
 * unit "1M TPM Hour", description "Per Hour per 1K Input TPM Reserved 1 Month Global". Prices are
 * the test's own.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { ModelNames } from '../../src/pricing/price-list/model-names';

export type Offer = 'AmazonBedrock' | 'AmazonBedrockFoundationModels' | 'AmazonBedrockService';

export interface SkuSpec {
  readonly usagetype: string;
  readonly usd: string;
  readonly region?: string;
  /** AmazonBedrock/Service: the `model` attribute; FoundationModels: the servicename before " (Amazon Bedrock Edition)". */
  readonly model?: string;
  readonly unit?: string;
  readonly description?: string;
  readonly effectiveDate?: string;
  readonly attributes?: Record<string, string | null>;
  readonly sku?: string;
  /** More price dimensions (tiered prices). */
  readonly extraDimensions?: number;
}

const LOCATIONS: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
};

const TERM_CODE = 'JRTCKXETXF';
const RATE_CODE = '6YS6EN2CT7';

/** A stable SKU code from what the SKU is (AWS's are 16 upper-case letters and digits). */
export function skuCode(offer: string, spec: SkuSpec): string {
  return spec.sku ?? createHash('sha256').update(`${offer}|${spec.region ?? 'us-east-1'}|${spec.usagetype}|${spec.model ?? ''}`).digest('hex').slice(0, 16).toUpperCase();
}

export function product(offer: Offer, spec: SkuSpec): { sku: string; productFamily: string; attributes: Record<string, string | null> } {
  const region = spec.region ?? 'us-east-1';
  const marketplace = offer === 'AmazonBedrockFoundationModels';
  const attributes: Record<string, string | null> = marketplace
    ? {
      servicecode: offer,
      location: LOCATIONS[region] ?? region,
      locationType: 'AWS Region',
      usagetype: spec.usagetype,
      operation: 'Usage',
      regionCode: region,
      servicename: `${spec.model ?? 'Claude Sonnet 4.6'} (Amazon Bedrock Edition)`,
    }
    : {
      servicecode: offer,
      location: LOCATIONS[region] ?? region,
      locationType: 'AWS Region',
      usagetype: spec.usagetype,
      operation: '',
      regionCode: region,
      servicename: 'Amazon Bedrock',
      ...(spec.model !== undefined ? { model: spec.model, provider: 'Amazon' } : {}),
      ...(/-(input|output)-tokens/.test(spec.usagetype) ? { feature: 'On-demand Inference', inferenceType: /-output-/.test(spec.usagetype) ? 'Output tokens' : 'Input tokens' } : {}),
    };
  return { sku: skuCode(offer, spec), productFamily: marketplace ? 'Machine Learning' : 'Amazon Bedrock', attributes: { ...attributes, ...spec.attributes } };
}

/** A Marketplace reserved-tier usagetype: `Reserved_<n>Month_<Input|Output>TPM_<Geo|Global>`. */
const RESERVED = /_Reserved_(\d+)Months?_(Input|Output)TPM(?:_(Geo|Global))?/;

function defaultUnit(offer: Offer, spec: SkuSpec): string {
  if (offer === 'AmazonBedrockFoundationModels') {
    // Reserved SKUs as published in 2026-09: unit "1M TPM Hour", though the price is per 1K TPM-hour.
    return RESERVED.test(spec.usagetype) ? '1M TPM Hour' : 'Units';
  }
  return /tokens|token-count/.test(spec.usagetype) ? '1K tokens' : 'Units';
}

export function term(offer: Offer, spec: SkuSpec): Record<string, unknown> {
  const sku = skuCode(offer, spec);
  const region = spec.region ?? 'us-east-1';
  const unit = spec.unit ?? defaultUnit(offer, spec);
  const reserved = offer === 'AmazonBedrockFoundationModels' ? RESERVED.exec(spec.usagetype) : null;
  const tokenDescription = offer === 'AmazonBedrockFoundationModels'
    ? `AWS Marketplace software usage|${region}|Million ${/Output|output/.test(spec.usagetype) ? 'Output' : 'Input'} Tokens ${/Global|global/.test(spec.usagetype) ? 'Global' : 'Regional'}`
    : `$${spec.usd} per ${unit} for ${spec.model ?? spec.usagetype} in ${LOCATIONS[region] ?? region}`;
  const description = spec.description ?? (reserved
    ? `Per Hour per 1K ${reserved[2]} TPM Reserved ${reserved[1]} Month ${reserved[3] === 'Global' ? 'Global' : 'Regional'}`
    : tokenDescription);
  const dimensions: Record<string, unknown> = {};
  for (let i = 0; i <= (spec.extraDimensions ?? 0); i++) {
    const rateCode = `${sku}.${TERM_CODE}.${i === 0 ? RATE_CODE : `T${i}`}`;
    dimensions[rateCode] = {
      rateCode,
      description,
      beginRange: String(i * 1000000),
      endRange: i === (spec.extraDimensions ?? 0) ? 'Inf' : String((i + 1) * 1000000),
      unit,
      pricePerUnit: { USD: spec.usd },
      appliesTo: [],
    };
  }
  return {
    [`${sku}.${TERM_CODE}`]: {
      offerTermCode: TERM_CODE,
      sku,
      effectiveDate: `${spec.effectiveDate ?? '2026-11-01'}T00:00:00Z`,
      priceDimensions: dimensions,
      termAttributes: {},
    },
  };
}

/** A bulk offer file (offers/v1.0/aws/<offer>/<version>/[<region>/]index.json). */
export function offerFile(offer: Offer, specs: readonly SkuSpec[], publicationDate = '2026-11-20T18:01:22Z'): Record<string, unknown> {
  const products: Record<string, unknown> = {};
  const onDemand: Record<string, unknown> = {};
  for (const spec of specs) {
    const p = product(offer, spec);
    products[p.sku] = p;
    onDemand[p.sku] = term(offer, spec);
  }
  return {
    formatVersion: 'v1.0',
    disclaimer: 'This pricing list is for informational purposes only. All prices are subject to the additional terms included in the pricing pages on http://aws.amazon.com. All Free Tier prices are also subject to the terms included at https://aws.amazon.com/free/',
    offerCode: offer,
    version: publicationDate.replace(/\D/g, '').slice(0, 14),
    publicationDate,
    products,
    terms: { OnDemand: onDemand },
  };
}

/** One GetProducts PriceList item (as the API sends it: JSON text). */
export function productItem(offer: Offer, spec: SkuSpec, publicationDate = '2026-11-20T18:01:22Z'): string {
  const p = product(offer, spec);
  return JSON.stringify({
    product: p,
    serviceCode: offer,
    terms: { OnDemand: term(offer, spec) },
    version: publicationDate.replace(/\D/g, '').slice(0, 14),
    publicationDate,
  });
}

/** `aws pricing get-products` output. */
export function productsPage(offer: Offer, specs: readonly SkuSpec[], nextToken?: string): Record<string, unknown> {
  return { FormatVersion: 'aws_v1', PriceList: specs.map(s => productItem(offer, s)), ...(nextToken ? { NextToken: nextToken } : {}) };
}

/** AWS's layout: two-space indentation and " : " between key and value (templates: fast for 100 MB files). */
function awsLayout(value: unknown, indent: string): string {
  if (typeof value !== 'object' || value === null) {
    return JSON.stringify(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return value.length === 0 ? '[ ]' : `[ ${value.map(v => awsLayout(v, inner)).join(', ')} ]`;
  }
  const entries = Object.entries(value);
  return entries.length === 0 ? '{ }' : `{\n${entries.map(([k, v]) => `${inner}"${k}" : ${awsLayout(v, inner)}`).join(',\n')}\n${indent}}`;
}

/**
 * Writes a bulk offer file SKU by SKU (products, then terms), in AWS's layout, without holding
 * it in memory: for files of the real size and larger. Returns the bytes written.
 */
export function writeOfferFile(file: string, offer: Offer, specs: () => Iterable<SkuSpec>, publicationDate = '2026-11-20T18:01:22Z'): number {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let buffer = '';
  const write = (text: string) => {
    buffer += text;
    if (buffer.length > 1_048_576) {
      bytes += fs.writeSync(fd, buffer);
      buffer = '';
    }
  };
  try {
    write(`{\n  "formatVersion" : "v1.0",\n  "disclaimer" : "This pricing list is for informational purposes only.",\n  "offerCode" : "${offer}",\n`
      + `  "version" : "${publicationDate.replace(/\D/g, '').slice(0, 14)}",\n  "publicationDate" : "${publicationDate}",\n  "products" : {\n`);
    let first = true;
    for (const spec of specs()) {
      const p = product(offer, spec);
      write(`${first ? '' : ',\n'}    "${p.sku}" : ${awsLayout(p, '    ')}`);
      first = false;
    }
    write('\n  },\n  "terms" : {\n    "OnDemand" : {\n');
    first = true;
    for (const spec of specs()) {
      write(`${first ? '' : ',\n'}      "${skuCode(offer, spec)}" : ${awsLayout(term(offer, spec), '      ')}`);
      first = false;
    }
    write('\n    }\n  }\n}\n');
    bytes += fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/** Usagetype Region prefixes of the Regions the synthetic offers price. */
export const REGION_PREFIXES: Record<string, string> = {
  'us-east-1': 'USE1',
  'us-east-2': 'USE2',
  'us-west-1': 'USW1',
  'us-west-2': 'USW2',
  'ca-central-1': 'CAN1',
  'sa-east-1': 'SAE1',
  'eu-west-1': 'EUW1',
  'eu-west-2': 'EUW2',
  'eu-west-3': 'EUW3',
  'eu-central-1': 'EUC1',
  'eu-central-2': 'EUC2',
  'eu-north-1': 'EUN1',
  'eu-south-1': 'EUS1',
  'eu-south-2': 'EUS2',
  'ap-northeast-1': 'APN1',
  'ap-northeast-2': 'APN2',
  'ap-northeast-3': 'APN3',
  'ap-south-1': 'APS3',
  'ap-south-2': 'APS5',
  'ap-southeast-1': 'APS1',
  'ap-southeast-2': 'APS2',
  'ap-southeast-3': 'APS4',
  'us-gov-west-1': 'UGW1',
  'us-gov-east-1': 'UGE1',
};

const BEDROCK_MODELS = [
  ['Nova Micro', 'NovaMicro'], ['Nova Lite', 'NovaLite'], ['Nova Pro', 'NovaPro'], ['Nova Premier', 'NovaPremier'], ['Nova 2.0 Lite', 'Nova2.0Lite'],
  ['Nova 2.0 Pro', 'Nova2.0Pro'], ['Llama 3.1 8B', 'Llama3-1-8B'], ['Llama 3.1 70B', 'Llama3-1-70B'], ['Llama 3.1 405B', 'Llama3-1-405B'],
  ['Llama 3.2 1B', 'Llama3-2-1B'], ['Llama 3.2 3B', 'Llama3-2-3B'], ['Llama 3.2 11B', 'Llama3-2-11B'], ['Llama 3.2 90B', 'Llama3-2-90B'],
  ['Llama 3.3 70B', 'Llama3-3-70B'], ['Llama 4 Maverick 17B', 'Llama4-Maverick-17B'], ['Llama 4 Scout 17B', 'Llama4-Scout-17B'],
  ['Mistral 7B', 'Mistral7B'], ['Mixtral 8x7B', 'Mixtral8x7B'], ['Mistral Large', 'MistralLarge'], ['Mistral Small', 'MistralSmall'],
  ['Pixtral Large 25.02', 'PixtralLarge'], ['R1', 'DeepSeekR1'], ['DeepSeek V3.1', 'DeepSeekV3.1'], ['Qwen3 32B', 'Qwen3-32B'],
  ['Qwen3 Coder 30B A3B', 'Qwen3Coder-30B-A3B'], ['gpt-oss-20b', 'GPT-OSS-20B'], ['gpt-oss-120b', 'GPT-OSS-120B'],
  ['Gemma 3 4B IT', 'Gemma-3-4B-IT'], ['GPT OSS Safeguard 20B', 'GPT-OSS-Safeguard-20B'], ['Claude 3 Haiku', 'Claude3Haiku'],
];
const BEDROCK_KINDS = [
  'input-tokens', 'output-tokens', 'input-tokens-batch', 'output-tokens-batch', 'input-tokens-flex', 'output-tokens-flex',
  'input-tokens-priority', 'output-tokens-priority', 'cache-read-input-token-count', 'cache-write-input-token-count',
  'input-tokens-cross-region-global', 'output-tokens-cross-region-global', 'input-tokens-cross-region-global-batch',
  'input-tokens-latency-optimized', 'output-tokens-latency-optimized', 'cache-write-input-token-count-flex', 'input-image-token-count',
  'cache-read-input-token-count-custom-model',
];
const MARKETPLACE_MODELS = [
  'Claude Sonnet 4.6', 'Claude Opus 4.6', 'Claude Sonnet 4.5', 'Claude Haiku 4.5', 'Claude Opus 4.5', 'Claude Opus 4.1', 'Claude Sonnet 4',
  'Claude 3.7 Sonnet', 'Claude 3.5 Sonnet', 'Claude 3.5 Haiku', 'Claude 3 Haiku', 'Claude Opus 4.7', 'Cohere Embed 4 Model', 'Cohere Command R+',
  'Jamba 1.5 Large', 'Palmyra X5',
];
const MARKETPLACE_KINDS = [
  'InputTokenCount', 'OutputTokenCount', 'InputTokenCount_Global', 'OutputTokenCount_Global', 'CacheReadInputTokenCount',
  'CacheReadInputTokenCount_Global', 'CacheWriteInputTokenCount', 'CacheWriteInputTokenCount_Global', 'CacheWrite1hInputTokenCount',
  'CacheWrite1hInputTokenCount_Global', 'InputTokenCount_Batch', 'OutputTokenCount_Global_Batch', 'InputTokenCount_LCtx',
  'Reserved_1Month_InputTPM_Geo', 'Reserved_3Month_OutputTPM_Global', 'ProvisionedThroughput_1MonthCommit_ModelUnits_Usage',
];

/** A SKU code from the SKU's position (16 characters, as AWS's). */
function syntheticSku(i: number): string {
  return `S${i.toString(36).toUpperCase().padStart(15, '0')}`;
}

/** Regions priced above the US ones (as AWS prices some Regions higher); the rest share one price. */
const REGIONAL_PREMIUM: Record<string, number> = { 'eu-central-2': 1.2, 'eu-south-2': 1.2, 'sa-east-1': 1.25, 'ap-northeast-3': 1.1, 'us-gov-west-1': 1.2, 'us-gov-east-1': 1.2 };

/** A price from the model, the kind and the Region: the same model and kind cost the same in most Regions. */
function priceOf(model: number, kind: number, region: string, perMillion: boolean): string {
  const micro = Math.round((40 + ((model * 7919 + kind * 104729) % 15000)) * (REGIONAL_PREMIUM[region] ?? 1));
  return perMillion ? (micro / 1000).toFixed(10) : (micro / 1e6).toFixed(10);
}

/**
 * Realistic SKUs of an offer, as many as asked: its models, tiers and cache kinds in every Region
 * (known and unknown names, recognized and skipped usagetypes, as the real offers have).
 */
export function* syntheticSkus(offer: Offer, count: number): Generator<SkuSpec> {
  const regions = Object.keys(REGION_PREFIXES);
  let i = 0;
  for (let round = 0; i < count; round++) {
    for (const region of regions) {
      const prefix = REGION_PREFIXES[region];
      if (offer === 'AmazonBedrockFoundationModels') {
        for (const [m, model] of MARKETPLACE_MODELS.entries()) {
          for (const [k, kind] of MARKETPLACE_KINDS.entries()) {
            if (i >= count) {
              return;
            }
            const reserved = kind.startsWith('Reserved');
            yield {
              sku: syntheticSku(i++),
              usagetype: `${prefix}-MP:${prefix}_${kind}-Units`,
              usd: priceOf(m + 100 * round, k, region, !reserved),
              region,
              model: round ? `${model} V${round}` : model,
              ...(kind.startsWith('Provisioned') ? { unit: 'Hrs' } : {}),
            };
          }
        }
      } else if (offer === 'AmazonBedrockService') {
        for (const [k, kind] of ['Guardrail-ContentPolicyUnitsConsumed', 'Guardrail-TopicPolicyUnitsConsumed', 'Guardrail-WordPolicyUnitsConsumed',
          'Guardrail-ContextualGroundingPolicyUnitsConsumed', 'Guardrail-SensitiveInformationPolicyPaidUnitsConsumed', 'Claude4Sonnet-input-tokens-cross-region-global-batch',
          'Claude4Sonnet-output-tokens-long-context-cross-region-global', 'KnowledgeBase-StructuredDataRetrieval'].entries()) {
          if (i >= count) {
            return;
          }
          yield {
            sku: syntheticSku(i++),
            usagetype: `${prefix}-${kind}${round ? `-v${round}` : ''}`,
            usd: priceOf(round, k, region, false),
            region,
            model: kind.startsWith('Claude') ? 'Claude Sonnet 4' : undefined,
            unit: kind.startsWith('Guardrail') ? 'TextUnits' : undefined,
          };
        }
      } else {
        for (const [m, [model, part]] of BEDROCK_MODELS.entries()) {
          for (const [k, kind] of BEDROCK_KINDS.entries()) {
            if (i >= count) {
              return;
            }
            // Past the first round, other models (names the table does not know), as a bigger offer would have.
            yield {
              sku: syntheticSku(i++),
              usagetype: `${prefix}-${part}${round ? `-R${round}` : ''}-${kind}`,
              usd: priceOf(m + 100 * round, k, region, false),
              region,
              model: round ? `${model} R${round}` : model,
            };
          }
        }
      }
    }
  }
}

/** The shipped names and one model no catalog will ever know: it is always declared under "items". */
export const NAMES_WITH_TEST_MODEL = ModelNames.withTables([[{
  models: [{ key: 'acme.test-model', name: 'Acme Test Model', provider: 'Acme', names: ['Acme Test Model'], modelIds: ['acme.test-model-v1:0'] }],
}, 'test names']]);
