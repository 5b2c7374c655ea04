export { DashboardPage } from './components/DashboardPage';
export { DeploymentPage } from './components/DeploymentPage';
