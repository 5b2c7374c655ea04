export { SchedulesSection } from './components/SchedulesSection';
