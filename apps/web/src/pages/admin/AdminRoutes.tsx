import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useMe } from '../../auth/AuthProvider';
import NotFoundPage from '../NotFoundPage';
import { AdminScopeProvider } from './AdminScope';
import OrganPicker from './OrganPicker';

const UnitsPage = lazy(() => import('./UnitsPage'));
const UsersPage = lazy(() => import('./UsersPage'));
const PositionsPage = lazy(() => import('./PositionsPage'));
const ExternalOrgansPage = lazy(() => import('./ExternalOrgansPage'));
const OrgansPage = lazy(() => import('./OrgansPage'));
const AuditPage = lazy(() => import('./AuditPage'));
const JobsPage = lazy(() => import('./JobsPage'));
const HolidaysPage = lazy(() => import('./HolidaysPage'));
const RegistersPage = lazy(() => import('./RegistersPage'));
const DocTypesPage = lazy(() => import('./DocTypesPage'));
const ExchangePage = lazy(() => import('../exchange/ExchangePage'));
const HubSystemsPage = lazy(() => import('../exchange/HubSystemsPage'));
const SigningSettingsPage = lazy(() => import('./SigningSettingsPage'));

/** /admin/*: only for users whose menu has `admin`. */
export default function AdminRoutes() {
  const me = useMe();
  if (!me.menu.includes('admin'))
    return (
      <NotFoundPage
        status="403"
        title="Không có quyền truy cập"
        note="Chức năng quản trị chỉ dành cho quản trị hệ thống."
      />
    );
  return (
    <AdminScopeProvider>
      <OrganPicker />
      <Suspense fallback={<Spin className="page-spin" />}>
        <Routes>
          <Route index element={<Navigate to="users" replace />} />
          <Route path="units" element={<UnitsPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="positions" element={<PositionsPage />} />
          <Route path="external-organs" element={<ExternalOrgansPage />} />
          <Route path="organs" element={<OrgansPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="jobs" element={<JobsPage />} />
          <Route path="holidays" element={<HolidaysPage />} />
          <Route path="registers" element={<RegistersPage />} />
          <Route path="doc-types" element={<DocTypesPage />} />
          <Route path="exchange" element={<ExchangePage />} />
          <Route path="signing" element={<SigningSettingsPage />} />
          {me.sysadmin && <Route path="hub-systems" element={<HubSystemsPage />} />}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </AdminScopeProvider>
  );
}
