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
  /** Amazon Titan Text Express. */
  public static readonly AMAZON_TITAN_TEXT_EXPRESS = new BedrockModelId('amazon.titan-text-express-v1');
  /** Amazon Titan Text Lite. */
  public static readonly AMAZON_TITAN_TEXT_LITE = new BedrockModelId('amazon.titan-text-lite-v1');
  /** Amazon Titan Text Premier. */
  public static readonly AMAZON_TITAN_TEXT_PREMIER = new BedrockModelId('amazon.titan-text-premier-v1:0');
  /** Amazon Titan Text Embeddings V2. */
  public static readonly AMAZON_TITAN_EMBED_TEXT_V2 = new BedrockModelId('amazon.titan-embed-text-v2:0');

  // Meta
  /** Llama 3.1 8B Instruct. */
  public static readonly META_LLAMA_3_1_8B_INSTRUCT = new BedrockModelId('meta.llama3-1-8b-instruct-v1:0');
  /** Llama 3.1 70B Instruct. */
  public static readonly META_LLAMA_3_1_70B_INSTRUCT = new BedrockModelId('meta.llama3-1-70b-instruct-v1:0');
  /** Llama 3.3 70B Instruct. */
  public static readonly META_LLAMA_3_3_70B_INSTRUCT = new BedrockModelId('meta.llama3-3-70b-instruct-v1:0');

  // Mistral AI, Cohere, AI21 Labs
  /** Mistral Large (24.02). */
  public static readonly MISTRAL_LARGE = new BedrockModelId('mistral.mistral-large-2402-v1:0');
  /** Cohere Command R+. */
  public static readonly COHERE_COMMAND_R_PLUS = new BedrockModelId('cohere.command-r-plus-v1:0');
  /** Cohere Command R. */
  public static readonly COHERE_COMMAND_R = new BedrockModelId('cohere.command-r-v1:0');
  /** AI21 Jamba 1.5 Large. */
  public static readonly AI21_JAMBA_1_5_LARGE = new BedrockModelId('ai21.jamba-1-5-large-v1:0');

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
