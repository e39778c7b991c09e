export { BedrockModelId } from './bedrock-model-id';
export { CrossRegionGeo } from './cross-region-geo';
export { ProfileSource, ProfileSourceKind, ProfileSourceOptions, CrossRegionSourceOptions } from './profile-source';
export { CostAllocatedProfile, CostAllocatedProfileProps } from './cost-allocated-profile';
export { CostAllocatedProfileBase, GrantInvokeOptions, ICostAllocatedProfile, ProfileMetricsDimension } from './cost-allocated-profile-base';
export { CostAllocatedProfileAttributes } from './imported-profile';
export { RequiredTagsPolicy, RequiredTagsPolicyProps } from './required-tags-policy';
