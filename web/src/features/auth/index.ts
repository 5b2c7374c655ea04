export { SignInPage } from './components/SignInPage';
export { CasReturnPage } from './components/CasReturnPage';
export { signOut } from './api/signIn';
