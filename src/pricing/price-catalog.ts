import { Catalog, CatalogItem, meterFix, parseDocument } from './catalog';
import { Dec } from './decimal';
import { today } from './forecast';
import { priceLine } from './line-items';
import { resolveModelRef } from './model-ref';
import { CostProfilesError } from '../core/errors';

// The price catalog as the public API sees it: sources, models, and quotes with their source.

/** A source document of prices. */
export interface CatalogSource {
  /** Short id, e.g. `aws-pricing-page-ko-2025-02-01`. */
  readonly id: string;
  /** What the document is. */
  readonly title: string;
  /** Date (YYYY-MM-DD) from which its prices apply. */
  readonly effectiveDate: string;
  /** `embedded`, or the path of a user price file. */
  readonly origin: string;
}

/** A model or feature the catalog knows. */
export interface CatalogModel {
  /** Catalog key, e.g. `anthropic.claude-3-5-sonnet`. */
  readonly key: string;
  /** Display name. */
  readonly name: string;
  /** Model provider. */
  readonly provider: string;
  /** Bedrock model ids that map to it (without geography prefix). */
  readonly modelIds: string[];
  /** `model` or `feature`. */
  readonly kind: string;
  /** Meters it has prices for (empty: known, but not priced by the loaded sources). */
  readonly pricedMeters: string[];
}

/** What to look up in the catalog. */
export interface PriceQuery {
  /**
   * A Bedrock model id (with or without geography prefix), a foundation-model or system
   * inference-profile ARN, or a catalog key.
   */
  readonly model: string;
  /** The meter, e.g. `input-tokens`. */
  readonly meter: string;
  /**
   * The Region requests are made from.
   *
   * @default - the Region in the ARN, when `model` is one
   */
  readonly region?: string;
  /**
   * Prices in effect on this date (YYYY-MM-DD).
   *
   * @default - today
   */
  readonly asOf?: string;
}

/** A price from the catalog. All amounts are exact decimal strings. */
export interface PriceQuote {
  /** Catalog key of the model or feature. */
  readonly item: string;
  /** Its display name. */
  readonly itemName: string;
  /** The meter. */
  readonly meter: string;
  /** The meter's unit, e.g. `token`. */
  readonly unit: string;
  /** The source Region whose price applied. */
  readonly region: string;
  /**
   * `regional`, or `global`: the global cross-Region rate of `region`, for `global.` profiles.
   */
  readonly rate: string;
  /** For people: the Region, or e.g. "global rate from us-east-1". */
  readonly pricedIn: string;
  /** The price as quoted: `usd` per `per` units. */
  readonly usd: string;
  /** How many units the quoted price is for (1000 for "per 1,000 tokens"). */
  readonly per: number;
  /** Exact USD per one unit. */
  readonly unitPriceUsd: string;
  /** The source document's id. */
  readonly sourceId: string;
  /** The date the price applies from. */
  readonly effectiveDate: string;
  /**
   * The line of the source document.
   *
   * @default - not recorded
   */
  readonly line?: number;
  /**
   * `worked-example` when the price appears only in the source's worked examples.
   *
   * @default - a price table
   */
  readonly basis?: string;
}

/**
 * The embedded, dated Bedrock price catalog, optionally extended with your own price files.
 * Newest price on or before the "as of" date wins.
 */
export class PriceCatalog {
  /** The prices embedded in this package. */
  public static embedded(): PriceCatalog {
    return new PriceCatalog(Catalog.embedded());
  }

  /** @internal */
  public readonly _catalog: Catalog;

  private constructor(catalog: Catalog) {
    this._catalog = catalog;
  }

  /** A catalog with the prices of a JSON or YAML price file added (see price-file.schema.json). */
  public withPriceFile(path: string): PriceCatalog {
    return new PriceCatalog(this._catalog.withFile(path));
  }

  /** A catalog with the prices of price-file text (JSON or YAML) added. */
  public withPriceText(text: string, origin: string): PriceCatalog {
    return new PriceCatalog(this._catalog.withDocument(parseDocument(text, origin), origin));
  }

  /** The source documents, oldest first. */
  public get sources(): CatalogSource[] {
    return this._catalog.sources.map(s => ({ id: s.id, title: s.title, effectiveDate: s.effectiveDate, origin: s.origin }));
  }

  /** Every model and feature the catalog knows. */
  public models(): CatalogModel[] {
    return [...this._catalog.items.values()].map(item => modelInfo(this._catalog, item));
  }

  /** The price that applies, or a `CostProfilesError` that says why there is none. */
  public quote(query: PriceQuery): PriceQuote {
    const location = 'PriceCatalog.quote()';
    const ref = resolveModelRef(this._catalog, query?.model, query?.region, location, 'model');
    const meter = this._catalog.meters.get(query.meter);
    if (!meter) {
      throw new CostProfilesError({ location, field: 'meter', problem: 'is not a known meter', value: query.meter, fix: meterFix(query.meter, this._catalog.meters) });
    }
    const asOf = query.asOf ?? today();
    const { price } = priceLine(this._catalog, {
      item: ref.item.key, meter: meter.id, region: ref.sourceRegion, rate: ref.rate, quantity: Dec.ONE, dimension: meter.description, variable: true, path: 'model',
    }, asOf, location);
    return {
      item: ref.item.key,
      itemName: ref.item.name,
      meter: meter.id,
      unit: meter.unit,
      region: ref.sourceRegion,
      rate: ref.rate,
      pricedIn: ref.pricedIn,
      usd: price.usd.toFixed(),
      per: price.per,
      unitPriceUsd: price.unitPrice.toFixed(),
      sourceId: price.source.id,
      effectiveDate: price.source.effectiveDate,
      line: price.line,
      basis: price.basis,
    };
  }
}

function modelInfo(catalog: Catalog, item: CatalogItem): CatalogModel {
  return {
    key: item.key,
    name: item.name,
    provider: item.provider,
    modelIds: [...item.modelIds],
    kind: item.kind,
    pricedMeters: catalog.metersOf(item.key),
  };
}
