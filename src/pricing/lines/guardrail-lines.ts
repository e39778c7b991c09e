import { Dec } from '../decimal';
import { GuardrailSpec, Quantity } from '../usage-document';
import { LineSink } from './line-sink';

const TEXT_UNIT_CHARACTERS = Dec.parse('1000');

/** Guardrail policies applied to text, in text units per policy. */
export function addGuardrails(b: LineSink, x: GuardrailSpec, p: string): void {
  const region = b.region(x.region, p, true);
  let units: Dec;
  if (x.textUnits !== undefined) {
    units = b.q(x.textUnits, `${p}.textUnits`);
  } else if (x.requests !== undefined && (x.inputCharactersPerRequest !== undefined || x.outputCharactersPerRequest !== undefined)) {
    // A text unit holds up to 1,000 characters; input and output are counted separately.
    const unitsOf = (chars: Quantity | undefined, name: string) => chars === undefined ? 0n : b.q(chars, `${p}.${name}`).divide(TEXT_UNIT_CHARACTERS, 0, 'ceil').n;
    const perRequest = unitsOf(x.inputCharactersPerRequest, 'inputCharactersPerRequest') + unitsOf(x.outputCharactersPerRequest, 'outputCharactersPerRequest');
    units = b.q(x.requests, `${p}.requests`).times(Dec.fromBigInt(perRequest));
  } else {
    throw b.error(p, 'needs textUnits, or requests with inputCharactersPerRequest and/or outputCharactersPerRequest', x,
      'Give the monthly text units, or the requests and characters per request.');
  }
  for (const policy of x.policies) {
    b.add(`guardrails.${policy}`, 'text-units', region, units, `guardrail text units: ${policy}`, true, p);
  }
}
