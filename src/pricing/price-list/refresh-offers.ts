/**
 * Current Bedrock prices from AWS: the public Price List bulk files (no credentials), or the
 * Price List Query API (GetProducts, with credentials).
 *
 * Bulk files (AWS Billing docs "Reading the price list files"): the service index
 * `/offers/v1.0/aws/index.json` gives, per offer, `currentVersionUrl` (the whole offer) and
 * `currentRegionIndexUrl`; the Region index gives `regions.<code>.currentVersionUrl` (one
 * Region's part). Sizes seen in 2026: AmazonBedrock about 17 MB whole, AmazonBedrockFoundationModels
 * about 6 MB, AmazonBedrockService under 2 MB.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetProductsCommandInput, paginateGetProducts, PricingClient } from '@aws-sdk/client-pricing';
import { downloadJson, downloadToFile, DownloadOptions } from './http-download';
import { BEDROCK_OFFERS, BedrockOffer } from './price-list-format';
import { PriceListData } from './read-price-list';
import { CostProfilesError } from '../../core/errors';

export const DEFAULT_PRICE_LIST_URL = 'https://pricing.us-east-1.amazonaws.com';
export const PRICE_LIST_URL_VARIABLE = 'BEDROCK_COST_PRICE_LIST_URL';
const INDEX_PATH = '/offers/v1.0/aws/index.json';

export interface BulkOptions extends DownloadOptions {
  readonly baseUrl?: string;
  /** Only these Regions (from each offer's Region index); none = the whole offer files. */
  readonly regions?: readonly string[];
  readonly offers?: readonly BedrockOffer[];
}

/** What a refresh read, and what it could not find. */
export interface Refreshed {
  readonly data: PriceListData;
  /** Where the data came from, for the price file's source. */
  readonly url: string;
  /** Offers or Regions AWS has no file for. */
  readonly missing: string[];
}

function objectAt(document: unknown, key: string): Record<string, unknown> | undefined {
  const value = typeof document === 'object' && document !== null ? (document as Record<string, unknown>)[key] : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

function urlAt(entry: unknown, key: string, base: string, where: string): string {
  const value = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string' || value === '') {
    throw new CostProfilesError({ location: where, field: key, problem: 'is missing', value, fix: 'Check --base-url: it should serve the AWS Price List.' });
  }
  return new URL(value, base).toString();
}

/**
 * Downloads the current offer files (whole, or the asked Regions' parts) into a temporary
 * directory and reads them. The directory is removed before this returns.
 */
export async function refreshFromBulk(options: BulkOptions = {}): Promise<Refreshed> {
  const base = options.baseUrl ?? process.env[PRICE_LIST_URL_VARIABLE] ?? DEFAULT_PRICE_LIST_URL;
  const indexUrl = new URL(INDEX_PATH, base).toString();
  const index = objectAt(await downloadJson(indexUrl, options), 'offers');
  if (!index) {
    throw new CostProfilesError({ location: indexUrl, field: 'offers', problem: 'is missing: not a Price List service index', fix: 'Check --base-url: it should serve the AWS Price List.' });
  }
  const regions = options.regions ?? [];
  const missing: string[] = [];
  const wanted: Array<{ offer: BedrockOffer; region: string; url: string }> = [];
  for (const offer of options.offers ?? BEDROCK_OFFERS) {
    const entry = index[offer];
    if (entry === undefined) {
      missing.push(`${offer}: not in the Price List index`);
      continue;
    }
    if (regions.length === 0) {
      wanted.push({ offer, region: 'all Regions', url: urlAt(entry, 'currentVersionUrl', base, `${indexUrl}: offers.${offer}`) });
      continue;
    }
    const regionIndexUrl = urlAt(entry, 'currentRegionIndexUrl', base, `${indexUrl}: offers.${offer}`);
    const regionIndex = objectAt(await downloadJson(regionIndexUrl, options), 'regions') ?? {};
    for (const region of regions) {
      if (regionIndex[region] === undefined) {
        missing.push(`${offer}: no prices for ${region}`);
      } else {
        wanted.push({ offer, region, url: urlAt(regionIndex[region], 'currentVersionUrl', base, `${regionIndexUrl}: regions.${region}`) });
      }
    }
  }
  if (wanted.length === 0) {
    throw new CostProfilesError({
      location: indexUrl,
      field: regions.length > 0 ? '--region' : 'offers',
      problem: `has no Bedrock price file to download (${missing.join('; ')})`,
      fix: regions.length > 0 ? 'Check the Region codes (e.g. us-east-1).' : 'Check --base-url: it should serve the AWS Price List.',
    });
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bedrock-cost-prices-'));
  try {
    const data = new PriceListData();
    for (const [i, w] of wanted.entries()) {
      const file = path.join(directory, `${i}-${w.offer}.json`);
      await downloadToFile(w.url, file, `${w.offer} (${w.region})`, options);
      data.addFile(file);
      fs.rmSync(file);
    }
    return { data, url: indexUrl, missing };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

export interface ApiOptions {
  readonly regions?: readonly string[];
  readonly offers?: readonly BedrockOffer[];
  readonly progress?: (text: string) => void;
}

/** Reads the offers with GetProducts (all pages; one Region at a time when Regions are given). */
export async function refreshFromApi(client: PricingClient, options: ApiOptions = {}): Promise<Refreshed> {
  const data = new PriceListData();
  const regions = options.regions?.length ? options.regions : [undefined];
  const endpoint = `AWS Price List Query API (${await client.config.region()})`;
  for (const offer of options.offers ?? BEDROCK_OFFERS) {
    for (const region of regions) {
      const input: GetProductsCommandInput = {
        ServiceCode: offer,
        FormatVersion: 'aws_v1',
        MaxResults: 100,
        ...(region !== undefined ? { Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }] } : {}),
      };
      let items = 0;
      try {
        for await (const page of paginateGetProducts({ client }, input)) {
          const list = [...(page.PriceList ?? [])] as unknown[];
          data.addProductItems(list, `${endpoint}: GetProducts ${offer}${region ? ` ${region}` : ''}`);
          items += list.length;
        }
      } catch (e) {
        if (e instanceof CostProfilesError) {
          throw e;
        }
        throw new CostProfilesError({
          location: endpoint,
          field: `GetProducts ${offer}`,
          problem: `failed: ${(e as Error).name}: ${(e as Error).message}`,
          fix: 'Use credentials allowed pricing:GetProducts, or refresh from the public bulk files (drop --from-api; no credentials needed).',
        });
      }
      options.progress?.(`Read ${items} ${offer} products${region ? ` for ${region}` : ''} with GetProducts\n`);
    }
  }
  return { data, url: endpoint, missing: [] };
}
