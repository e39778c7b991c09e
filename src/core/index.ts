export { CostProfilesErrors } from './errors';
