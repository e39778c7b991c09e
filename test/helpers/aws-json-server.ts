import * as http from 'http';
import { AddressInfo } from 'net';

/** One request as the AWS JSON protocol sends it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** X-Amz-Target, e.g. AWSBudgetServiceGateway.DescribeBudget */
  readonly target: string;
  readonly contentType: string;
  readonly authorization: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: any;
}

export interface Reply {
  readonly status: number;
  /** JSON body; `undefined` sends an empty body. */
  readonly body: unknown;
  /** Extra response headers, e.g. x-amzn-errortype for REST-JSON errors. */
  readonly headers?: Record<string, string>;
}

export interface JsonServer {
  /** Endpoint URL for an SDK client. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local HTTP server speaking the AWS JSON protocols: records every request and answers with
 * `respond(request, index)`. awsJson1_1 errors are `{ status: 400, body: { __type, message } }`;
 * REST-JSON services (Bedrock's control plane) route by method and path and name errors in the
 * x-amzn-errortype header.
 */
export async function startJsonServer(respond: (request: RecordedRequest, index: number) => Reply): Promise<JsonServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf-8');
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        target: String(req.headers['x-amz-target'] ?? ''),
        contentType: String(req.headers['content-type'] ?? ''),
        authorization: String(req.headers.authorization ?? ''),
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(request);
      const reply = respond(request, requests.length - 1);
      res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${requests.length}`, ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** Static test credentials, so the SDK signs requests without looking for real ones. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTESTTESTTESTTEST', secretAccessKey: 'test-secret' };
