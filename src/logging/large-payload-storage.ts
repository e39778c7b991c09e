import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { addNagSuppression, escapeRegExp, policyResourcesOf } from '../core/nag';
import { checkString, fail } from '../core/validation';

const DEFAULT_KEY_PREFIX = 'bedrock-large-payloads';
const DEFAULT_EXPIRATION_DAYS = 90;
const KEY_PREFIX_RULE = {
  minLength: 1,
  maxLength: 1024,
  pattern: /^[a-zA-Z0-9!\-_.*'()/]+$/,
  patternHelp: "letters, digits and ! - _ . * ' ( ) /",
  fix: "Use a short S3 key prefix such as 'bedrock-large-payloads'.",
};

/** Options for the bucket `LargePayloadStorage.newBucket()` creates. */
export interface LargePayloadBucketOptions {
  /**
   * Delete payloads this long after delivery. Invocation payloads are prompts and completions:
   * keep them no longer than you need them.
   *
   * @default Duration.days(90)
   */
  readonly expiration?: Duration;

  /**
   * Bucket for S3 server access logs of the payload bucket.
   *
   * @default - no access logs (a cdk-nag suppression records why)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * S3 key prefix of the payloads.
   *
   * @default 'bedrock-large-payloads'
   */
  readonly keyPrefix?: string;

  /**
   * What happens to the bucket when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Where Bedrock puts payloads too large for a log event (over 100 KB) and binary data such as
 * images: a new bucket this library configures, or a bucket you own.
 *
 * @example
 * new BedrockInvocationLogging(this, 'InvocationLogging', {
 *   largePayloads: LargePayloadStorage.newBucket({ expiration: Duration.days(30) }),
 * });
 */
export abstract class LargePayloadStorage {
  /**
   * A new bucket: S3-managed encryption, TLS only, public access blocked, bucket-owner
   * objects, payloads expired after 90 days (by default), incomplete uploads aborted after a day.
   */
  public static newBucket(options: LargePayloadBucketOptions = {}): LargePayloadStorage {
    return new NewBucketStorage(options);
  }

  /**
   * A bucket you own, in the same account and Region. A bucket defined in this app gets the
   * bucket-policy statement Bedrock needs; for an imported bucket add it yourself (synthesis
   * warns and prints it).
   *
   * @param keyPrefix S3 key prefix of the payloads (default 'bedrock-large-payloads')
   */
  public static existingBucket(bucket: s3.IBucket, keyPrefix?: string): LargePayloadStorage {
    return new ExistingBucketStorage(bucket, keyPrefix);
  }

  /**
   * Creates or validates the bucket and lets Bedrock (and the delivery role) write to it.
   * @internal
   */
  public abstract _bind(scope: Construct, deliveryRole: iam.IRole): BoundLargePayloadStorage;
}

/** @internal */
export interface BoundLargePayloadStorage {
  readonly bucket: s3.IBucket;
  readonly keyPrefix: string;
}

class NewBucketStorage extends LargePayloadStorage {
  constructor(private readonly options: LargePayloadBucketOptions) {
    super();
  }

  public _bind(scope: Construct, deliveryRole: iam.IRole): BoundLargePayloadStorage {
    const options = this.options ?? {};
    if (typeof options !== 'object') {
      fail(scope, 'largePayloads', 'options must be an object', 'Pass e.g. LargePayloadStorage.newBucket({ expiration: Duration.days(30) }).', options);
    }
    const keyPrefix = checkKeyPrefix(scope, options.keyPrefix);
    const expiration = options.expiration ?? Duration.days(DEFAULT_EXPIRATION_DAYS);
    if (!(expiration instanceof Duration) || (!Token.isUnresolved(expiration.toDays({ integral: false }))
      && (!Number.isInteger(expiration.toDays({ integral: false })) || expiration.toDays() < 1))) {
      fail(scope, 'largePayloads.expiration', 'must be a whole number of days, at least 1 (S3 lifecycle rules count days)',
        'Use e.g. Duration.days(30).', expiration instanceof Duration ? expiration.toString() : expiration);
    }
    const bucket = new s3.Bucket(scope, 'LargePayloadBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: options.serverAccessLogsBucket,
      removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    if (options.serverAccessLogsBucket === undefined) {
      addNagSuppression(bucket.node.defaultChild as s3.CfnBucket, 'AwsSolutions-S1',
        'Bedrock writes invocation payloads here and nothing else reads them except through S3 APIs that CloudTrail records; '
        + 'pass serverAccessLogsBucket to LargePayloadStorage.newBucket() to add access logs.', []);
    }
    allowDelivery(scope, bucket, keyPrefix, deliveryRole);
    return { bucket, keyPrefix };
  }
}

class ExistingBucketStorage extends LargePayloadStorage {
  constructor(private readonly bucket: s3.IBucket, private readonly keyPrefix: string | undefined) {
    super();
  }

  public _bind(scope: Construct, deliveryRole: iam.IRole): BoundLargePayloadStorage {
    if (this.bucket === null || typeof this.bucket !== 'object' || typeof this.bucket.bucketName !== 'string') {
      fail(scope, 'largePayloads', 'is not an S3 bucket', 'Pass an s3.IBucket, e.g. s3.Bucket.fromBucketName(this, "Payloads", "my-bucket").', this.bucket);
    }
    const keyPrefix = checkKeyPrefix(scope, this.keyPrefix);
    allowDelivery(scope, this.bucket, keyPrefix, deliveryRole);
    return { bucket: this.bucket, keyPrefix };
  }
}

function checkKeyPrefix(scope: IConstruct, keyPrefix: unknown): string {
  if (keyPrefix === undefined) {
    return DEFAULT_KEY_PREFIX;
  }
  checkString(scope, 'largePayloads.keyPrefix', keyPrefix, KEY_PREFIX_RULE);
  const prefix = keyPrefix as string;
  if (!Token.isUnresolved(prefix) && (prefix.startsWith('/') || prefix.endsWith('/'))) {
    fail(scope, 'largePayloads.keyPrefix', 'must not start or end with "/" (Bedrock adds the separator)', "Use e.g. 'bedrock-large-payloads'.", prefix);
  }
  return prefix;
}

/**
 * Bedrock writes large payloads as the service (bucket policy, conditioned on this account and
 * Bedrock in this Region) with the delivery role's permissions; both are granted, on the key
 * prefix only.
 */
function allowDelivery(scope: Construct, bucket: s3.IBucket, keyPrefix: string, deliveryRole: iam.IRole): void {
  const stack = Stack.of(scope);
  const objects = bucket.arnForObjects(`${keyPrefix}/*`);
  const statement = new iam.PolicyStatement({
    sid: 'AllowBedrockLargePayloadDelivery',
    principals: [new iam.ServicePrincipal('bedrock.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [objects],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': bedrockSourceArn(stack) },
    },
  });
  const added = bucket.addToResourcePolicy(statement);
  if (!added.statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:large-payload-bucket-policy',
      `The large-payload bucket is imported, so its policy cannot be changed here. Add this statement to it: ${JSON.stringify(stack.resolve(statement.toStatementJson()))}`);
  }
  deliveryRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }));
  for (const policy of policyResourcesOf(deliveryRole)) {
    addNagSuppression(policy, 'AwsSolutions-IAM5',
      'Bedrock names each payload object itself (account, date and request id under the prefix); the role may put objects under this prefix only.',
      [{ regex: `/^Resource::.*\\/${escapeRegExp(keyPrefix)}\\/\\*$/` }]);
  }
  bucket.encryptionKey?.grantEncrypt(deliveryRole);
}

/** `arn:<partition>:bedrock:<region>:<account>:*`: Bedrock acting for this account in this Region. */
export function bedrockSourceArn(stack: Stack): string {
  return stack.formatArn({ service: 'bedrock', resource: '*' });
}
