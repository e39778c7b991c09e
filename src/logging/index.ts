export { BedrockInvocationLogging, BedrockInvocationLoggingProps } from './invocation-logging';
export { InvocationLoggingRemoval } from './invocation-logging-removal';
export { LargePayloadBucketOptions, LargePayloadStorage } from './large-payload-storage';
