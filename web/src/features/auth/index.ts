export { SignInPage } from './components/SignInPage';
export { signOut } from './api/signIn';
