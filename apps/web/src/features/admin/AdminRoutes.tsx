import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../pages/NotFoundPage';
import { ImportMembersPage } from '../registry/ImportMembersPage';
import { MembersPage } from '../registry/MembersPage';
import { AdminIndexPage } from './AdminIndexPage';
import { AlertRulesPage } from './AlertRulesPage';
import { ApiKeysPage } from './ApiKeysPage';
import { AuditPage } from './AuditPage';
import { BenchmarkPage } from './BenchmarkPage';
import { InstrumentsPage } from './InstrumentsPage';
import { InviteUserPage } from './InviteUserPage';
import { UserPage } from './UserPage';
import { UsersPage } from './UsersPage';
import { WebhookDeliveriesPage, WebhooksPage } from './WebhooksPage';

/** Every page under /admin, loaded together on demand (routes.tsx lazy-loads this module): none of it reaches the respondent's route. */
export function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<AdminIndexPage />} />
      <Route path="users" element={<UsersPage />} />
      <Route path="users/invite" element={<InviteUserPage />} />
      <Route path="users/:id" element={<UserPage />} />
      <Route path="api-keys" element={<ApiKeysPage />} />
      <Route path="members" element={<MembersPage />} />
      <Route path="members/import" element={<ImportMembersPage />} />
      <Route path="alert-rules" element={<AlertRulesPage />} />
      <Route path="webhooks" element={<WebhooksPage />} />
      <Route path="webhooks/:id" element={<WebhookDeliveriesPage />} />
      <Route path="instruments" element={<InstrumentsPage />} />
      <Route path="audit" element={<AuditPage />} />
      <Route path="benchmark" element={<BenchmarkPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
