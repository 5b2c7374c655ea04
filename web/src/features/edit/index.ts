export { EditPage } from './components/EditPage';
