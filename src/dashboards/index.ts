export { ProfileDashboard, ProfileDashboardProps } from './profile-dashboard';
