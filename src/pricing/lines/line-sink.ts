import { CostProfilesError } from '../../core/errors';
import { Catalog } from '../catalog';
import { Dec } from '../decimal';
import { LineItem } from '../line-items';
import { resolveModelRef } from '../model-ref';
import { PriceRate } from '../price-file';
import { fieldPath, Quantity, toDec, toShare, UsageContext, WorkloadSpec } from '../usage-document';

/** Where a line is priced: a source Region ('*': any) and a rate. */
export interface Where {
  readonly region: string;
  readonly rate: PriceRate;
}

/** Collects one workload's line items (per month); the line builders of each product family add to it. */
export class LineSink {
  public readonly lines: LineItem[] = [];

  constructor(
    public readonly catalog: Catalog,
    public readonly w: WorkloadSpec,
    public readonly ctx: UsageContext,
    /** The workload's path, in the caller's field names. */
    public readonly at: string,
    public readonly days: Dec,
  ) {}

  public get location(): string {
    return this.ctx.location;
  }

  /** The catalog item, source Region and rate of a model reference. */
  public model(model: string, region: string | undefined, field: string, regionField = 'region'): { item: string } & Where {
    const ref = resolveModelRef(this.catalog, model, region ?? this.w.region, this.location, field, regionField);
    return { item: ref.item.key, region: ref.sourceRegion, rate: ref.rate };
  }

  /** Region for an item priced per Region, or '*' when none is given and it may be Region-independent. */
  public region(region: string | undefined, p: string, optional = false): Where {
    const r = region ?? this.w.region;
    if (r === undefined) {
      if (optional) {
        return { region: '*', rate: 'regional' };
      }
      throw this.error(`${p}.region`, 'is required', r, 'Give region here or on the workload.');
    }
    return { region: r, rate: 'regional' };
  }

  public q(value: Quantity, field: string): Dec {
    return toDec(value, this.location, field);
  }

  /** A share (0–1; absent: 0); `name` is its field in `parent`, joined only when there is a value to check. */
  public share(value: Quantity | undefined, parent: string, name: string): Dec {
    return value === undefined ? Dec.ZERO : toShare(value, this.location, fieldPath(parent, name));
  }

  public error(field: string, problem: string, value: unknown, fix: string) {
    return new CostProfilesError({ location: this.location, field, problem, value, fix });
  }

  public add(item: string, meter: string, where: Where, quantity: Dec, dimension: string, variable: boolean, path: string): void {
    // Only metered usage needs a price: a zero line (batchShare 0, say) is left out.
    if (!quantity.isZero()) {
      this.lines.push({ item, meter, region: where.region, rate: where.rate, quantity: quantity.normalize(), dimension, variable, path });
    }
  }
}
