export { CookbookPage } from './components/CookbookPage';
