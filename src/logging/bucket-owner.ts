import { createHash, createHmac } from 'crypto';
// The SigV4 signer every AWS SDK client of the logging handler already bundles (through
// @aws-sdk/core); only that handler imports this module.
// eslint-disable-next-line import/no-extraneous-dependencies
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, SourceData } from '@smithy/types';

/**
 * Whether an S3 bucket belongs to an account: S3's HeadBucket with the `x-amz-expected-bucket-owner`
 * header answers 200 only when the bucket is that account's (403 when another account owns it,
 * or when the caller may not list it; 404 when there is none). A raw signed request, because this
 * handler needs nothing else from S3 and the S3 client would triple its bundle.
 */
export interface BucketOwnerCheck {
  readonly bucket: string;
  readonly account: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity;
  /** https://s3.<region>.<dns suffix> unless given (tests: a local server). */
  readonly endpoint?: string;
  readonly signal?: AbortSignal;
}

export type BucketOwnership = { readonly owned: true } | { readonly owned: false; readonly reason: string };

export async function bucketOwnership(check: BucketOwnerCheck): Promise<BucketOwnership> {
  let region = check.region;
  // A bucket in another Region answers 301 with its Region: ask there, once.
  for (let hop = 0; hop < 2; hop++) {
    const response = await headBucket({ ...check, region });
    if (response.status === 200) {
      return { owned: true };
    }
    const bucketRegion = response.headers.get('x-amz-bucket-region');
    if ((response.status === 301 || response.status === 400) && bucketRegion && bucketRegion !== region && check.endpoint === undefined) {
      region = bucketRegion;
      continue;
    }
    if (response.status === 403) {
      return { owned: false, reason: `S3 bucket ${check.bucket} is not verifiably owned by account ${check.account} (HeadBucket with the expected owner was denied)` };
    }
    if (response.status === 404) {
      return { owned: false, reason: `S3 bucket ${check.bucket} does not exist` };
    }
    if (response.status === 429 || response.status === 503 || response.status >= 500) {
      throw Object.assign(new Error(`S3 answered ${response.status}`), { name: 'ServiceUnavailableException', $metadata: { httpStatusCode: response.status } });
    }
    return { owned: false, reason: `S3 answered ${response.status} for bucket ${check.bucket}` };
  }
  return { owned: false, reason: `S3 bucket ${check.bucket} kept redirecting between Regions` };
}

async function headBucket(check: BucketOwnerCheck): Promise<Response> {
  const endpoint = new URL(check.endpoint ?? `https://s3.${check.region}.${dnsSuffix(check.region)}`);
  // Path style: bucket names with dots break virtual-hosted TLS.
  const path = `/${encodeURIComponent(check.bucket)}`;
  const signer = new SignatureV4({ service: 's3', region: check.region, credentials: check.credentials, sha256: NodeSha256, uriEscapePath: false });
  const signed = await signer.sign({
    method: 'HEAD',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path,
    headers: {
      'host': endpoint.host,
      'x-amz-expected-bucket-owner': check.account,
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    },
  });
  return fetch(new URL(path, endpoint), { method: 'HEAD', headers: signed.headers, redirect: 'manual', signal: check.signal });
}

function bytes(data: SourceData): string | Buffer {
  return typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer takes. */
class NodeSha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  public update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  public async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}
