export { PrincipalCostTags, PrincipalCostTagsProps } from './principal-cost-tags';
