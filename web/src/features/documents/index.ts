export { DocumentSection } from './components/DocumentSection';
