export { BedrockInvocationLogging, BedrockInvocationLoggingProps, InvocationLoggingRemoval } from './invocation-logging';
export { LargePayloadBucketOptions, LargePayloadStorage } from './large-payload-storage';
