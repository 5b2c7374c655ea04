export { PushPage } from './components/PushPage';
