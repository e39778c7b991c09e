export { PlatformVending, PlatformVendingProps } from './platform-vending';
export {
  VendingBudget, VendingConfig, VendingConfiguration, VendingDefaults, VendingProject, VendingService, VendingTarget, VendingTeam,
} from './vending-config';
