import { readUsageType, Reading, UNRECOGNIZED, withAttributes } from '../../../src/pricing/price-list/usage-type';

const tokens = (kind: string, tier = 'standard', rate = 'regional', longContext = false): Reading =>
  ({ what: 'tokens', kind, tier, rate, longContext } as Reading);

/**
 * Usagetypes as public Price List copies spell them (2025-2026). Sources, by scheme:
 * [cce] grafana/cloudcost-exporter pkg/aws/bedrock tests (AmazonBedrock and Marketplace readers);
 * [pl]  recorded GetProducts/offer items and readers in public repositories (usagetype tables of
 *       Bedrock pricing refreshers: CamelCase, snake_case, Million-batch and Reserved schemes);
 * [mdv] anomalyco/models.dev generate-bedrock.ts (AmazonBedrock attribute examples).
 */
describe('usagetypes of AmazonBedrockFoundationModels, CamelCase', () => {
  test.each<[string, Reading]>([
    ['USE1-MP:USE1_InputTokenCount-Units', tokens('input-tokens')], // [cce]
    ['USE1-MP:USE1_InputTokenCount_Global-Units', tokens('input-tokens', 'standard', 'global')], // [cce]
    ['USE1-MP:USE1_OutputTokenCount_Global-Units', tokens('output-tokens', 'standard', 'global')], // [cce]
    ['USE1-MP:USE1_InputTokenCount_Batch-Units', tokens('input-tokens', 'batch')], // [cce]
    ['USE1-MP:USE1_InputTokenCount_Global_Batch-Units', tokens('input-tokens', 'batch', 'global')], // [cce]
    ['USE1-MP:USE1_InputTokenCount_LatencyOptimized-Units', tokens('input-tokens', 'latency-optimized')], // [cce]
    ['USE1-MP:USE1_CacheReadInputTokenCount-Units', tokens('cache-read-input-tokens')], // [cce]
    ['USE1-MP:USE1_CacheReadInputTokenCount_Global-Units', tokens('cache-read-input-tokens', 'standard', 'global')], // [cce]
    ['USE1-MP:USE1_CacheWriteInputTokenCount-Units', tokens('cache-write-input-tokens')], // [cce]
    ['USE1-MP:USE1_CacheWrite1hInputTokenCount-Units', tokens('cache-write-1h-input-tokens')], // [cce]
    ['USW2-MP:USW2_CacheWrite1hInputTokenCount_Global-Units', tokens('cache-write-1h-input-tokens', 'standard', 'global')], // [pl]
    ['APN1-MP:APN1_MillionBatchInputTokens-Units', tokens('input-tokens', 'batch')], // [pl]
    ['USE1-MP:USE1_MillionBatchOutputTokens-Units', tokens('output-tokens', 'batch')], // [pl]
    ['USE1-MP:USE1_InputTokenCount_LCtx-Units', tokens('input-tokens', 'standard', 'regional', true)], // [pl]
    ['APN2-MP:APN2_CacheWrite1hInputTokenCount_LCtx_Global-Units', tokens('cache-write-1h-input-tokens', 'standard', 'global', true)], // [pl]
    ['EU-MP:EU_InputTokenCount_Global-Units', tokens('input-tokens', 'standard', 'global')], // [pl]
  ])('%s', (usagetype, reading) => {
    expect(readUsageType(usagetype).reading).toEqual(reading);
  });
});

describe('usagetypes of AmazonBedrockFoundationModels, snake_case', () => {
  test.each<[string, Reading]>([
    ['USE1-MP:USE1_input_tokens_standard-Units', tokens('input-tokens')], // [pl]
    ['USE1-MP:USE1_input_tokens_global_standard-Units', tokens('input-tokens', 'standard', 'global')], // [pl]
    ['USE1-MP:USE1_output_tokens_standard-Units', tokens('output-tokens')], // [pl]
    ['USW2-MP:USW2_cache_write_tokens_standard-Units', tokens('cache-write-input-tokens')], // [pl]
    ['USW2-MP:USW2_cache_write_tokens_1h_standard-Units', tokens('cache-write-1h-input-tokens')], // [pl]
    ['USE1-MP:USE1_cache_write_tokens_1h_global_standard-Units', tokens('cache-write-1h-input-tokens', 'standard', 'global')], // [cce]
    ['USE1-MP:USE1_cache_read_tokens_standard-Units', tokens('cache-read-input-tokens')], // [pl]
    ['USE1-MP:USE1_input_tokens_batch-Units', tokens('input-tokens', 'batch')], // [pl]
    ['USE1-MP:USE1_input_tokens_global_batch-Units', tokens('input-tokens', 'batch', 'global')], // [pl]
    ['APN1-MP:APN1_input_tokens_priority-Units', tokens('input-tokens', 'priority')], // [pl]
    ['USE1-MP:USE1_input_tokens_global_flex-Units', tokens('input-tokens', 'flex', 'global')], // [pl]
    ['USW2-MP:USW2_input_tokens_long_ctx_standard-Units', tokens('input-tokens', 'standard', 'regional', true)], // [pl]
    ['USW2-MP:USW2_input_tokens_long_ctx_global_standard-Units', tokens('input-tokens', 'standard', 'global', true)], // [pl]
    ['USE1-MP:USE1_cache_read_tokens_global_long_ctx_standard-Units', tokens('cache-read-input-tokens', 'standard', 'global', true)], // [pl]
  ])('%s', (usagetype, reading) => {
    expect(readUsageType(usagetype).reading).toEqual(reading);
  });
});

describe('usagetypes of AmazonBedrock and AmazonBedrockService, kebab-case', () => {
  test.each<[string, Reading, string]>([
    ['USE1-NovaMicro-input-tokens', tokens('input-tokens'), 'NovaMicro'], // [cce]
    ['USE1-Claude3Sonnet-output-tokens', tokens('output-tokens'), 'Claude3Sonnet'], // [cce]
    ['USE1-Llama4-Maverick-17B-input-tokens-batch', tokens('input-tokens', 'batch'), 'Llama4-Maverick-17B'], // [cce]
    ['USE1-GPT-OSS-Safeguard-20B-input-tokens-priority', tokens('input-tokens', 'priority'), 'GPT-OSS-Safeguard-20B'], // [cce]
    ['USE1-Gemma-3-4B-IT-input-tokens-flex', tokens('input-tokens', 'flex'), 'Gemma-3-4B-IT'], // [cce]
    ['USE1-Nova2.0Lite-input-tokens-flex', tokens('input-tokens', 'flex'), 'Nova2.0Lite'], // brief, domain notes
    ['USE1-Nova2.0Lite-input-tokens-cross-region-global-batch', tokens('input-tokens', 'batch', 'global'), 'Nova2.0Lite'], // [cce]
    ['USE1-Nova2.0Pro-text-input-tokens-priority-cross-region-global', tokens('input-tokens', 'priority', 'global'), 'Nova2.0Pro'], // [cce]
    ['USE1-NovaPremier-input-tokens-cross-region-global', tokens('input-tokens', 'standard', 'global'), 'NovaPremier'], // [cce]
    ['USE1-Claude3-5Haiku-input-tokens-latency-optimized', tokens('input-tokens', 'latency-optimized'), 'Claude3-5Haiku'], // [pl]
    ['USE1-NovaPro-cache-read-input-token-count', tokens('cache-read-input-tokens'), 'NovaPro'], // [pl]
    ['USW2-Nova2.0Lite-cache-write-input-token-count-flex', tokens('cache-write-input-tokens', 'flex'), 'Nova2.0Lite'], // [pl]
    ['USE1-Claude4Sonnet-output-tokens-long-context-cross-region-global', tokens('output-tokens', 'standard', 'global', true), 'Claude4Sonnet'], // [pl]
    ['USE1-Qwen3Coder-30B-A3B-output-tokens-priority', tokens('output-tokens', 'priority'), 'Qwen3Coder-30B-A3B'], // [mdv]
    ['USE1-deepseek.v3.2-input-tokens', tokens('input-tokens'), 'deepseek.v3.2'], // [pl]
  ])('%s', (usagetype, reading, modelPart) => {
    const read = readUsageType(usagetype);
    expect(read.reading).toEqual(reading);
    expect(read.modelPart).toBe(modelPart);
  });

  test.each<[string, Reading, string]>([
    ['USE1-openai.gpt-oss-120b-mantle-input-tokens-standard', tokens('input-tokens'), 'openai.gpt-oss-120b'], // [pl]
    ['USW2-moonshotai.kimi-k3-mantle-input-tokens-global-flex', tokens('input-tokens', 'flex', 'global'), 'moonshotai.kimi-k3'], // [pl]
    ['USE1-openai.gpt-5.6-luna-mantle-cache-write-tokens-5m-long-ctx-flex', tokens('cache-write-input-tokens', 'flex', 'regional', true), 'openai.gpt-5.6-luna'], // [pl]
    ['USW2-moonshotai.kimi-k3-mantle-cache-read-tokens-standard', tokens('cache-read-input-tokens'), 'moonshotai.kimi-k3'], // [pl]
  ])('mantle: %s', (usagetype, reading, mantleId) => {
    const read = readUsageType(usagetype);
    expect(read.reading).toEqual(reading);
    expect(read.mantleId).toBe(mantleId);
  });
});

describe('usagetypes that are not token prices', () => {
  test.each<[string, Reading]>([
    ['USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units', { what: 'reserved', months: 1, direction: 'input', rate: 'regional' }], // [pl]
    ['USE1-MP:USE1_Reserved_3Month_OutputTPM_Global-Units', { what: 'reserved', months: 3, direction: 'output', rate: 'global' }], // [pl]
    ['USE1-MP:USE1_ProvisionedThroughput_1MonthCommit_ModelUnits_Usage-Units', { what: 'provisioned', commitment: '1MonthCommit' }], // [cce]
    ['USE1-MP:USE1_ProvisionedThroughput_NoCommit_ModelUnits_Usage-Units', { what: 'provisioned', commitment: 'NoCommit' }], // [pl]
    ['USW2-MP:USW2_ProvisionedThroughput_6MonthsCommit_ModelUnits_Usage-Units', { what: 'provisioned', commitment: '6MonthsCommit' }], // [pl]
    ['USE1-MP:USE1_search_units-Units', { what: 'search-units' }], // [cce]
    ['USE1-cohere.rerank-english-v3-search-units', { what: 'search-units' }], // [cce]
    ['USE1-MP:USE1_created_image-Units', { what: 'images' }], // [cce]
    ['USE1-MP:USE1_created_image_stable_image_core-Units', { what: 'images' }], // [pl]
    ['USE1-MP:USE1_InputImageCount-Units', { what: 'input-images' }], // [cce]
    ['USE1-Guardrail-ContentPolicyUnitsConsumed', { what: 'feature' }], // [pl]
  ])('%s', (usagetype, reading) => {
    expect(readUsageType(usagetype).reading).toEqual(reading);
  });

  test.each<[string, string]>([
    ['USE1-Nova2.0Pro-input-image-token-count-cross-region-global', 'image tokens have their own price (no meter)'], // [cce]
    ['USE1-NovaSonic-speech-input-tokens', 'speech tokens have their own price (no meter)'], // [cce]
    ['USE1-Nova2.0Omni-input-audio-token-count', 'audio tokens have their own price (no meter)'], // [pl]
    ['USE1-NovaPro-cache-write-input-token-count-custom-model', 'customized-model or customization price (no meter for the base model)'], // [cce]
    ['USE1-NovaMicro-Model-Customization-input-tokens', 'customized-model or customization price (no meter for the base model)'], // [pl]
    ['USW2-moonshotai.kimi-k3-mantle-cache-write-tokens-30m-standard', 'cache write with a 30m TTL has no meter'], // [pl]
    ['USE1-MP:USE1_CacheStorage-Units', 'model customization, storage or cache storage (no meter)'], // [cce]
    ['USE1-MP:USE1_created_image_premium_1024-Units', UNRECOGNIZED],
    ['USE1-Ray-V2-Medfps-HDRes', UNRECOGNIZED], // [pl]
    ['USE1-MP:USE1_InputTokenCount_Sideways-Units', UNRECOGNIZED],
    ['USE1-NovaPro-input-tokens-turbo', UNRECOGNIZED],
    ['USE1-MP:USE1_input_tokens_batch_flex-Units', 'usagetype names two tiers (batch, flex)'],
  ])('%s is skipped: %s', (usagetype, reason) => {
    expect(readUsageType(usagetype).reading).toEqual({ what: 'skip', reason });
  });

  test('the body drops the Region prefix (and the Marketplace Region code) for reports', () => {
    expect(readUsageType('APN1-MP:APN1_MillionBatchInputTokens-Units').body).toBe('MP:*_MillionBatchInputTokens-Units');
    expect(readUsageType('USE1-NovaPro-input-tokens').body).toBe('NovaPro-input-tokens');
  });
});

describe('attributes checked against the usagetype', () => {
  const standardInput = tokens('input-tokens');
  test.each<[string, Record<string, string>, Reading]>([
    ['service_tier fills in a tier the usagetype does not name', { service_tier: 'Flex' }, tokens('input-tokens', 'flex')],
    ['inferenceType "Input tokens priority" too', { inferenceType: 'Input tokens priority' }, tokens('input-tokens', 'priority')],
    ['feature "Batch Inference" on older models\' batch rows', { feature: 'Batch Inference', inferenceType: 'Input tokens' }, tokens('input-tokens', 'batch')],
    ['"On-demand Inference" names no tier', { feature: 'On-demand Inference', inferenceType: 'Input tokens' }, standardInput],
    ['two tiers in the attributes are a conflict', { service_tier: 'Flex', inferenceType: 'Input tokens priority' }, { what: 'skip', reason: 'attributes name two tiers (flex, priority)' }],
    ['a direction that disagrees is a conflict', { inferenceType: 'Output tokens' }, { what: 'skip', reason: 'usagetype says input-tokens, inferenceType says Output tokens' }],
  ])('%s', (_name, attributes, reading) => {
    expect(withAttributes(standardInput, attributes)).toEqual(reading);
  });

  test('a usagetype tier the attributes contradict is skipped', () => {
    expect(withAttributes(tokens('input-tokens', 'batch'), { service_tier: 'Flex' })).toEqual({ what: 'skip', reason: 'usagetype says batch, attributes say flex' });
    expect(withAttributes(tokens('input-tokens', 'batch', 'global'), { feature: 'Batch Inference' })).toEqual(tokens('input-tokens', 'batch', 'global'));
  });
});
