export { BedrockModelId } from './bedrock-model-id';
export { CrossRegionGeo } from './cross-region-geo';
export { ProfileSource, ProfileSourceKind, ProfileSourceOptions, CrossRegionSourceOptions } from './profile-source';
export {
  CostAllocatedProfile,
  CostAllocatedProfileAttributes,
  CostAllocatedProfileBase,
  CostAllocatedProfileProps,
  ICostAllocatedProfile,
  ProfileMetricsDimension,
} from './cost-allocated-profile';
export { RequiredTagsPolicy, RequiredTagsPolicyProps } from './required-tags-policy';
