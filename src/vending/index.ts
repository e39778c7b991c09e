export { PlatformVending, PlatformVendingProps } from './platform-vending';
export {
  VendingBudget, VendingConfig, VendingConfiguration, VendingDefaults, VendingService, VendingTarget, VendingTeam,
} from './vending-config';
