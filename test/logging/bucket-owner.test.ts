import { bucketOwnership } from '../../src/logging/bucket-owner';
import { startJsonServer, TEST_CREDENTIALS } from '../helpers/aws-json-server';

/** The S3 ownership check restores rely on, over the wire against a local server. */
describe('bucketOwnership (HeadBucket with the expected owner)', () => {
  const check = (endpoint: string, bucket = 'security-archive') =>
    bucketOwnership({ bucket, account: '111111111111', region: 'us-west-2', credentials: TEST_CREDENTIALS, endpoint });

  test('a signed HEAD of the bucket, path style, naming the expected owner in a signed header; 200 means owned', async () => {
    const s3 = await startJsonServer(() => ({ status: 200, body: undefined }));
    try {
      expect(await check(s3.url, 'logs.example.bucket')).toEqual({ owned: true });
      const [request] = s3.requests;
      expect([request.method, request.path]).toEqual(['HEAD', '/logs.example.bucket']);
      expect(request.headers['x-amz-expected-bucket-owner']).toBe('111111111111');
      expect(request.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTTESTTESTTEST\/\d{8}\/us-west-2\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-expected-bucket-owner, Signature=[0-9a-f]{64}$/);
    } finally {
      await s3.close();
    }
  });

  test.each([
    [403, 'S3 bucket security-archive is not verifiably owned by account 111111111111 (HeadBucket with the expected owner was denied)'],
    [404, 'S3 bucket security-archive does not exist'],
    [418, 'S3 answered 418 for bucket security-archive'],
  ])('%i: not owned, with the reason', async (status, reason) => {
    const s3 = await startJsonServer(() => ({ status, body: undefined }));
    try {
      expect(await check(s3.url)).toEqual({ owned: false, reason });
    } finally {
      await s3.close();
    }
  });

  test('503 is thrown as retryable, for the handler\'s retries', async () => {
    const s3 = await startJsonServer(() => ({ status: 503, body: undefined }));
    try {
      await expect(check(s3.url)).rejects.toMatchObject({ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } });
    } finally {
      await s3.close();
    }
  });
});
