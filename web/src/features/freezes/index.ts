export { FreezesPage } from './components/FreezesPage';
export { FreezeBanner } from './components/FreezeBanner';
