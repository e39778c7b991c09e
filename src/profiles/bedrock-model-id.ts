/**
 * A Bedrock foundation-model id, such as `anthropic.claude-3-5-sonnet-20241022-v2:0`.
 *
 * The constants are well-known ids; `BedrockModelId.custom()` takes any other id (it is
 * checked when a profile uses it, so the error can name the construct). Pass the bare model
 * id: the geography prefix of a cross-Region profile (`us.`, `eu.`, ...) comes from
 * `ProfileSource.crossRegion()`.
 */
export class BedrockModelId {
  // Anthropic
  /** Claude 3 Haiku. */
  public static readonly ANTHROPIC_CLAUDE_3_HAIKU = new BedrockModelId('anthropic.claude-3-haiku-20240307-v1:0');
  /** Claude 3 Sonnet. */
  public static readonly ANTHROPIC_CLAUDE_3_SONNET = new BedrockModelId('anthropic.claude-3-sonnet-20240229-v1:0');
  /** Claude 3 Opus. */
  public static readonly ANTHROPIC_CLAUDE_3_OPUS = new BedrockModelId('anthropic.claude-3-opus-20240229-v1:0');
  /** Claude 3.5 Sonnet (v1). */
  public static readonly ANTHROPIC_CLAUDE_3_5_SONNET = new BedrockModelId('anthropic.claude-3-5-sonnet-20240620-v1:0');
  /** Claude 3.5 Sonnet v2. */
  public static readonly ANTHROPIC_CLAUDE_3_5_SONNET_V2 = new BedrockModelId('anthropic.claude-3-5-sonnet-20241022-v2:0');
  /** Claude 3.5 Haiku. */
  public static readonly ANTHROPIC_CLAUDE_3_5_HAIKU = new BedrockModelId('anthropic.claude-3-5-haiku-20241022-v1:0');
  /** Claude 3.7 Sonnet. */
  public static readonly ANTHROPIC_CLAUDE_3_7_SONNET = new BedrockModelId('anthropic.claude-3-7-sonnet-20250219-v1:0');
  /** Claude Sonnet 4. */
  public static readonly ANTHROPIC_CLAUDE_SONNET_4 = new BedrockModelId('anthropic.claude-sonnet-4-20250514-v1:0');
  /** Claude Opus 4. */
  public static readonly ANTHROPIC_CLAUDE_OPUS_4 = new BedrockModelId('anthropic.claude-opus-4-20250514-v1:0');
  /** Claude Opus 4.1. */
  public static readonly ANTHROPIC_CLAUDE_OPUS_4_1 = new BedrockModelId('anthropic.claude-opus-4-1-20250805-v1:0');
  /** Claude Sonnet 4.5. */
  public static readonly ANTHROPIC_CLAUDE_SONNET_4_5 = new BedrockModelId('anthropic.claude-sonnet-4-5-20250929-v1:0');
  /** Claude Haiku 4.5. */
  public static readonly ANTHROPIC_CLAUDE_HAIKU_4_5 = new BedrockModelId('anthropic.claude-haiku-4-5-20251001-v1:0');
  /** Claude Opus 4.5. */
  public static readonly ANTHROPIC_CLAUDE_OPUS_4_5 = new BedrockModelId('anthropic.claude-opus-4-5-20251101-v1:0');
  /** Claude Sonnet 4.6 (the id has no date suffix). */
  public static readonly ANTHROPIC_CLAUDE_SONNET_4_6 = new BedrockModelId('anthropic.claude-sonnet-4-6');
  /** Claude Opus 4.6. */
  public static readonly ANTHROPIC_CLAUDE_OPUS_4_6 = new BedrockModelId('anthropic.claude-opus-4-6-v1');
  /** Claude Opus 4.7 (the id has no date suffix). */
  public static readonly ANTHROPIC_CLAUDE_OPUS_4_7 = new BedrockModelId('anthropic.claude-opus-4-7');
  /** Claude Opus 4.8 (the id has no date suffix). */
  public static readonly ANTHROPIC_CLAUDE_OPUS_4_8 = new BedrockModelId('anthropic.claude-opus-4-8');
  /** Claude Sonnet 5. */
  public static readonly ANTHROPIC_CLAUDE_SONNET_5 = new BedrockModelId('anthropic.claude-sonnet-5');
  /** Claude Opus 5. */
  public static readonly ANTHROPIC_CLAUDE_OPUS_5 = new BedrockModelId('anthropic.claude-opus-5');
  /** Claude Opus 5.5. */
  public static readonly ANTHROPIC_CLAUDE_OPUS_5_5 = new BedrockModelId('anthropic.claude-opus-5-5');
  /** Claude Sonnet 5.5. */
  public static readonly ANTHROPIC_CLAUDE_SONNET_5_5 = new BedrockModelId('anthropic.claude-sonnet-5-5');
  /** Claude Fable 5, Anthropic's frontier tier. Its id has no date suffix. */
  public static readonly ANTHROPIC_CLAUDE_FABLE_5 = new BedrockModelId('anthropic.claude-fable-5');
  /** Claude Fable 5.1. */
  public static readonly ANTHROPIC_CLAUDE_FABLE_5_1 = new BedrockModelId('anthropic.claude-fable-5-1');
  /** Claude Instant. */
  public static readonly ANTHROPIC_CLAUDE_INSTANT = new BedrockModelId('anthropic.claude-instant-v1');
  /** Claude 2.1. */
  public static readonly ANTHROPIC_CLAUDE_2_1 = new BedrockModelId('anthropic.claude-v2:1');

  // Amazon
  /** Amazon Nova Micro. */
  public static readonly AMAZON_NOVA_MICRO = new BedrockModelId('amazon.nova-micro-v1:0');
  /** Amazon Nova Lite. */
  public static readonly AMAZON_NOVA_LITE = new BedrockModelId('amazon.nova-lite-v1:0');
  /** Amazon Nova Pro. */
  public static readonly AMAZON_NOVA_PRO = new BedrockModelId('amazon.nova-pro-v1:0');
  /** Amazon Nova Premier. */
  public static readonly AMAZON_NOVA_PREMIER = new BedrockModelId('amazon.nova-premier-v1:0');
  /** Amazon Nova 2 Lite. */
  public static readonly AMAZON_NOVA_2_LITE = new BedrockModelId('amazon.nova-2-lite-v1:0');
  /** Amazon Nova 2 Pro (preview). */
  public static readonly AMAZON_NOVA_2_PRO = new BedrockModelId('amazon.nova-2-pro-v1:0');
  /** Amazon Titan Text Express. */
  public static readonly AMAZON_TITAN_TEXT_EXPRESS = new BedrockModelId('amazon.titan-text-express-v1');
  /** Amazon Titan Text Lite. */
  public static readonly AMAZON_TITAN_TEXT_LITE = new BedrockModelId('amazon.titan-text-lite-v1');
  /** Amazon Titan Text Premier. */
  public static readonly AMAZON_TITAN_TEXT_PREMIER = new BedrockModelId('amazon.titan-text-premier-v1:0');
  /** Amazon Titan Text Embeddings V2. */
  public static readonly AMAZON_TITAN_EMBED_TEXT_V2 = new BedrockModelId('amazon.titan-embed-text-v2:0');
  /** Amazon Nova Multimodal Embeddings (text, image, document, video and audio input). */
  public static readonly AMAZON_NOVA_MULTIMODAL_EMBEDDINGS = new BedrockModelId('amazon.nova-2-multimodal-embeddings-v1:0');

  // Meta
  /** Llama 3.1 8B Instruct. */
  public static readonly META_LLAMA_3_1_8B_INSTRUCT = new BedrockModelId('meta.llama3-1-8b-instruct-v1:0');
  /** Llama 3.1 70B Instruct. */
  public static readonly META_LLAMA_3_1_70B_INSTRUCT = new BedrockModelId('meta.llama3-1-70b-instruct-v1:0');
  /** Llama 3.3 70B Instruct. */
  public static readonly META_LLAMA_3_3_70B_INSTRUCT = new BedrockModelId('meta.llama3-3-70b-instruct-v1:0');
  /** Llama 4 Maverick 17B Instruct. */
  public static readonly META_LLAMA_4_MAVERICK_17B_INSTRUCT = new BedrockModelId('meta.llama4-maverick-17b-instruct-v1:0');
  /** Llama 4 Scout 17B Instruct. */
  public static readonly META_LLAMA_4_SCOUT_17B_INSTRUCT = new BedrockModelId('meta.llama4-scout-17b-instruct-v1:0');

  // Mistral AI, Cohere, AI21 Labs
  /** Mistral Large (24.02). */
  public static readonly MISTRAL_LARGE = new BedrockModelId('mistral.mistral-large-2402-v1:0');
  /** Mistral Large 3. */
  public static readonly MISTRAL_LARGE_3 = new BedrockModelId('mistral.mistral-large-3-675b-instruct');
  /** Mistral Pixtral Large (25.02). */
  public static readonly MISTRAL_PIXTRAL_LARGE = new BedrockModelId('mistral.pixtral-large-2502-v1:0');
  /** Mistral Devstral 2 123B. */
  public static readonly MISTRAL_DEVSTRAL_2_123B = new BedrockModelId('mistral.devstral-2-123b');
  /** Mistral Magistral Small 1.2 (the id carries its release, 2509). */
  public static readonly MISTRAL_MAGISTRAL_SMALL_1_2 = new BedrockModelId('mistral.magistral-small-2509');
  /** Mistral Ministral 3B 3.0. */
  public static readonly MISTRAL_MINISTRAL_3_3B = new BedrockModelId('mistral.ministral-3-3b-instruct');
  /** Mistral Ministral 8B 3.0. */
  public static readonly MISTRAL_MINISTRAL_3_8B = new BedrockModelId('mistral.ministral-3-8b-instruct');
  /** Mistral Ministral 14B 3.0. */
  public static readonly MISTRAL_MINISTRAL_3_14B = new BedrockModelId('mistral.ministral-3-14b-instruct');
  /** Mistral Voxtral Mini 1.0 (speech and text input). */
  public static readonly MISTRAL_VOXTRAL_MINI = new BedrockModelId('mistral.voxtral-mini-3b-2507');
  /** Mistral Voxtral Small 1.0 (speech and text input). */
  public static readonly MISTRAL_VOXTRAL_SMALL = new BedrockModelId('mistral.voxtral-small-24b-2507');
  /** Cohere Command R+. */
  public static readonly COHERE_COMMAND_R_PLUS = new BedrockModelId('cohere.command-r-plus-v1:0');
  /** Cohere Command R. */
  public static readonly COHERE_COMMAND_R = new BedrockModelId('cohere.command-r-v1:0');
  /** Cohere Embed v4 (text and image input), also callable through the US and global cross-Region profiles. */
  public static readonly COHERE_EMBED_V4 = new BedrockModelId('cohere.embed-v4:0');
  /** Cohere Rerank 3.5 (priced per 1,000 queries, not per token). */
  public static readonly COHERE_RERANK_V3_5 = new BedrockModelId('cohere.rerank-v3-5:0');
  /** AI21 Jamba 1.5 Large. */
  public static readonly AI21_JAMBA_1_5_LARGE = new BedrockModelId('ai21.jamba-1-5-large-v1:0');

  // DeepSeek, OpenAI open-weight, Qwen
  /** DeepSeek-R1. */
  public static readonly DEEPSEEK_R1 = new BedrockModelId('deepseek.r1-v1:0');
  /** DeepSeek-V3.1. */
  public static readonly DEEPSEEK_V3_1 = new BedrockModelId('deepseek.v3-v1:0');
  /** DeepSeek-V3.2. */
  public static readonly DEEPSEEK_V3_2 = new BedrockModelId('deepseek.v3.2-v1:0');
  /** OpenAI gpt-oss-120b. */
  public static readonly OPENAI_GPT_OSS_120B = new BedrockModelId('openai.gpt-oss-120b-1:0');
  /** OpenAI gpt-oss-20b. */
  public static readonly OPENAI_GPT_OSS_20B = new BedrockModelId('openai.gpt-oss-20b-1:0');
  /** OpenAI gpt-oss-safeguard-120b. */
  public static readonly OPENAI_GPT_OSS_SAFEGUARD_120B = new BedrockModelId('openai.gpt-oss-safeguard-120b');
  /** OpenAI gpt-oss-safeguard-20b. */
  public static readonly OPENAI_GPT_OSS_SAFEGUARD_20B = new BedrockModelId('openai.gpt-oss-safeguard-20b');
  /** Qwen3 32B. */
  public static readonly QWEN_QWEN3_32B = new BedrockModelId('qwen.qwen3-32b-v1:0');
  /** Qwen3 Coder 30B A3B. */
  public static readonly QWEN_QWEN3_CODER_30B_A3B = new BedrockModelId('qwen.qwen3-coder-30b-a3b-v1:0');
  /** Qwen3 Next 80B A3B. */
  public static readonly QWEN_QWEN3_NEXT_80B_A3B = new BedrockModelId('qwen.qwen3-next-80b-a3b');

  /**
   * Any other foundation-model id, e.g. one released after this library.
   *
   * @param modelId the bare model id, e.g. `anthropic.claude-3-5-sonnet-20241022-v2:0`
   */
  public static custom(modelId: string): BedrockModelId {
    return new BedrockModelId(modelId);
  }

  /** The model id as Bedrock spells it. */
  public readonly modelId: string;

  private constructor(modelId: string) {
    this.modelId = modelId;
  }

  /** The model id. */
  public toString(): string {
    return this.modelId;
  }
}
