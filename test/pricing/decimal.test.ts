import Decimal from 'decimal.js';
import * as fc from 'fast-check';
import { Dec, Rounding } from '../../src/pricing/decimal';

// decimal.js as the oracle, with enough precision that it never rounds these operands.
const Oracle = Decimal.clone({ precision: 200, toExpNeg: -1000, toExpPos: 1000 });
const ORACLE_ROUNDING: Record<Rounding, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP, // decimal.js: away from zero on a tie, like ours
  'half-even': Decimal.ROUND_HALF_EVEN,
  'ceil': Decimal.ROUND_CEIL,
  'floor': Decimal.ROUND_FLOOR,
  'down': Decimal.ROUND_DOWN,
};

/** Decimal text with up to 20 integer digits and 20 fractional digits, signed. */
const decimalText = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 20 }))
  .map(([negative, n, scale]) => {
    const digits = n.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    return negative && n !== 0n ? `-${text}` : text;
  });
const rounding = fc.constantFrom<Rounding>('half-up', 'half-even', 'ceil', 'floor', 'down');
const RUNS = { numRuns: 1000 };

function same(ours: Dec, oracle: Decimal): void {
  expect(ours.toFixed()).toBe(oracle.toFixed());
}

describe('Dec, compared with decimal.js', () => {
  test('parse and print round-trip exactly', () => {
    fc.assert(fc.property(decimalText, t => same(Dec.parse(t), new Oracle(t))), RUNS);
  });

  test('plus, minus and times are exact', () => {
    fc.assert(fc.property(decimalText, decimalText, (a, b) => {
      same(Dec.parse(a).plus(Dec.parse(b)), new Oracle(a).plus(b));
      same(Dec.parse(a).minus(Dec.parse(b)), new Oracle(a).minus(b));
      same(Dec.parse(a).times(Dec.parse(b)), new Oracle(a).times(b));
    }), RUNS);
  });

  test('round and divide follow the stated rounding', () => {
    fc.assert(fc.property(decimalText, decimalText, fc.integer({ min: 0, max: 12 }), rounding, (a, b, scale, mode) => {
      same(Dec.parse(a).round(scale, mode), new Oracle(a).toDecimalPlaces(scale, ORACLE_ROUNDING[mode]));
      fc.pre(!new Oracle(b).isZero());
      same(Dec.parse(a).divide(Dec.parse(b), scale, mode), new Oracle(a).div(b).toDecimalPlaces(scale, ORACLE_ROUNDING[mode]));
    }), RUNS);
  });

  test('compare agrees', () => {
    fc.assert(fc.property(decimalText, decimalText, (a, b) => {
      expect(Dec.parse(a).compare(Dec.parse(b))).toBe(new Oracle(a).comparedTo(b));
    }), RUNS);
  });
});

describe('Dec', () => {
  test('reads numbers as the decimal written, not the binary double', () => {
    expect(Dec.fromNumber(0.1).plus(Dec.fromNumber(0.2)).toFixed()).toBe('0.3');
    expect(Dec.fromNumber(8.75e-9).toFixed()).toBe('0.00000000875');
    expect(Dec.fromNumber(1e21).toFixed()).toBe('1000000000000000000000');
    expect(() => Dec.fromNumber(Number.NaN)).toThrow('not a finite number');
  });

  test('rejects what is not a plain decimal', () => {
    for (const bad of ['', '1,5', '0x10', 'NaN', 'Infinity', '1e99999', '.5', '5.', '--1']) {
      expect(Dec.tryParse(bad)).toBeUndefined();
    }
    expect(Dec.parse('1.5e-3').toFixed()).toBe('0.0015');
  });

  test('toFixed pads and rounds half-up; normalize drops trailing zeros', () => {
    expect(Dec.parse('29462.4').toFixed(2)).toBe('29462.40');
    expect(Dec.parse('0.005').toFixed(2)).toBe('0.01');
    expect(Dec.parse('-0.005').toFixed(2)).toBe('-0.01');
    expect(Dec.parse('12.3400').normalize().scale).toBe(2);
    expect(Dec.parse('0.00').toFixed()).toBe('0');
  });

  test('ceil to the next cent never undercuts', () => {
    expect(Dec.parse('2236.950001').round(2, 'ceil').toFixed()).toBe('2236.96');
    expect(Dec.parse('2236.95').round(2, 'ceil').toFixed()).toBe('2236.95');
  });

  test('division by zero is refused', () => {
    expect(() => Dec.ONE.divide(Dec.ZERO, 2, 'half-up')).toThrow('division by zero');
  });
});
