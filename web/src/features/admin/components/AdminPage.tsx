import { CatalogSection } from './CatalogSection';
import { GroupsSection } from './GroupsSection';
import { ServiceAccountsSection } from './ServiceAccountsSection';
import { MyTokensSection } from './MyTokensSection';
import { AuditSection } from './AuditSection';
import { RolfImportSection } from './RolfImportSection';

/** Admins only (the router shows others a refusal, and the API refuses them anyway). */
export function AdminPage() {
  return (
    <main>
      <h1>Admin</h1>
      <nav aria-label="Admin sections">
        <a href="#catalog-h">Categories and applications</a> · <a href="#groups-h">Groups</a> ·{' '}
        <a href="#accounts-h">Service accounts</a> · <a href="#tokens-h">Your tokens</a> · <a href="#audit-h">Audit trail</a> ·{' '}
        <a href="#rolf-import-h">Import from the original Rolf</a>
      </nav>
      <CatalogSection />
      <GroupsSection />
      <ServiceAccountsSection />
      <MyTokensSection />
      <AuditSection />
      <RolfImportSection />
    </main>
  );
}
