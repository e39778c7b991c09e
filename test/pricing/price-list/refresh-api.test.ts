import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { run } from '../../../src/cli/main';
import { refreshFromApi } from '../../../src/pricing/price-list/refresh-offers';
import { startJsonServer, TEST_CREDENTIALS } from '../../helpers/aws-json-server';
import { productItem, SkuSpec } from '../../helpers/price-list-fixtures';

const NOVA: SkuSpec[] = [
  { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008000000', model: 'Nova Pro' },
  { usagetype: 'USE1-NovaPro-output-tokens', usd: '0.0032000000', model: 'Nova Pro' },
  { usagetype: 'EUW1-NovaPro-input-tokens', usd: '0.0010500000', model: 'Nova Pro', region: 'eu-west-1' },
];
const CLAUDE: SkuSpec[] = [{ usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3.3000000000', model: 'Claude Sonnet 4.5' }];

describe('prices refresh --from-api: the GetProducts flow (aws-sdk-client-mock)', () => {
  const pricing = mockClient(PricingClient);
  afterEach(() => pricing.reset());
  afterAll(() => pricing.restore());

  test('every page of every offer, one Region at a time when Regions are given', async () => {
    const calls: object[] = [];
    pricing.on(GetProductsCommand).callsFake(input => {
      calls.push({ ...input }); // the paginator reuses its input object from page to page
      if (input.ServiceCode === 'AmazonBedrock') {
        const region = input.Filters?.[0]?.Value;
        const items = NOVA.filter(s => (s.region ?? 'us-east-1') === region).map(s => productItem('AmazonBedrock', s));
        return input.NextToken === undefined ? { PriceList: items.slice(0, 1), NextToken: `${region}-2` } : { PriceList: items.slice(1) };
      }
      return { PriceList: input.ServiceCode === 'AmazonBedrockFoundationModels' && input.Filters?.[0]?.Value === 'us-east-1' ? CLAUDE.map(s => productItem('AmazonBedrockFoundationModels', s)) : [] };
    });
    const progress: string[] = [];
    const refreshed = await refreshFromApi(new PricingClient({ region: 'us-east-1' }), { regions: ['us-east-1', 'eu-west-1'], progress: t => progress.push(t) });
    expect(refreshed.data.skus.map(s => s.attributes.usagetype).sort()).toEqual(['EUW1-NovaPro-input-tokens', 'USE1-MP:USE1_InputTokenCount-Units', 'USE1-NovaPro-input-tokens', 'USE1-NovaPro-output-tokens']);
    expect(calls).toHaveLength(3 * 2 + 2);
    expect(calls[0]).toEqual({ ServiceCode: 'AmazonBedrock', FormatVersion: 'aws_v1', MaxResults: 100, Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] });
    expect(calls[1]).toMatchObject({ ServiceCode: 'AmazonBedrock', NextToken: 'us-east-1-2' });
    expect(progress).toContain('Read 2 AmazonBedrock products for us-east-1 with GetProducts\n');
    expect(refreshed.url).toBe('AWS Price List Query API (us-east-1)');
  });

  test('without Regions: one unfiltered read per offer', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [] });
    await refreshFromApi(new PricingClient({ region: 'us-east-1' }), { offers: ['AmazonBedrock'] });
    expect(pricing.commandCalls(GetProductsCommand).map(c => c.args[0].input)).toEqual([{ ServiceCode: 'AmazonBedrock', FormatVersion: 'aws_v1', MaxResults: 100 }]);
  });

  test('AWS refusing is a clear error that says what to do', async () => {
    pricing.on(GetProductsCommand).rejects(Object.assign(new Error('User is not authorized to perform: pricing:GetProducts'), { name: 'AccessDeniedException' }));
    await expect(refreshFromApi(new PricingClient({ region: 'us-east-1' }))).rejects.toThrow(
      'AWS Price List Query API (us-east-1): GetProducts AmazonBedrock failed: AccessDeniedException: User is not authorized to perform: pricing:GetProducts. '
      + 'Use credentials allowed pricing:GetProducts, or refresh from the public bulk files (drop --from-api; no credentials needed).');
  });
});

describe('prices refresh --from-api through the real client (local AWS JSON endpoint)', () => {
  test('GetProducts on the wire: target, body, pages; items come back as JSON text and import', async () => {
    const server = await startJsonServer((request, index) => {
      if (request.body.ServiceCode !== 'AmazonBedrock') {
        return { status: 200, body: { FormatVersion: 'aws_v1', PriceList: [] } };
      }
      return index === 0
        ? { status: 200, body: { FormatVersion: 'aws_v1', PriceList: [productItem('AmazonBedrock', NOVA[0])], NextToken: 'page-2' } }
        : { status: 200, body: { FormatVersion: 'aws_v1', PriceList: [productItem('AmazonBedrock', NOVA[1])] } };
    });
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey });
    const out: string[] = [];
    const err: string[] = [];
    try {
      const code = await run(['prices', 'refresh', '--from-api', '--endpoint-url', server.url, '--region', 'us-east-1'], { out: t => out.push(t), err: t => err.push(t) });
      expect(err.join('')).not.toMatch(/\n\s+at /);
      expect(code).toBe(0);
    } finally {
      process.env = saved;
      await server.close();
    }
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      target: 'AWSPriceListService.GetProducts',
      contentType: 'application/x-amz-json-1.1',
      body: { ServiceCode: 'AmazonBedrock', FormatVersion: 'aws_v1', MaxResults: 100, Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] },
    });
    expect(server.requests[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTTESTTESTTEST\/\d{8}\/us-east-1\/pricing\/aws4_request/);
    expect(server.requests[1].body.NextToken).toBe('page-2');
    const document = JSON.parse(out.join(''));
    expect(document.prices.map((p: any) => `${p.item} ${p.meter} ${p.usd}`)).toEqual(['amazon.nova-pro input-tokens 0.0008', 'amazon.nova-pro output-tokens 0.0032']);
    expect(document.source.url).toBe('AWS Price List Query API (us-east-1)');
  });

  test('an error answer is exit 1 with the service\'s message', async () => {
    const server = await startJsonServer(() => ({ status: 400, body: { __type: 'InvalidParameterException', message: 'Input parameters are invalid' } }));
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey });
    const err: string[] = [];
    try {
      const code = await run(['prices', 'refresh', '--from-api', '--endpoint-url', server.url], { out: () => undefined, err: t => err.push(t) });
      expect(code).toBe(1);
    } finally {
      process.env = saved;
      await server.close();
    }
    expect(err.join('')).toContain('GetProducts AmazonBedrock failed: InvalidParameterException: Input parameters are invalid.');
  });
});
