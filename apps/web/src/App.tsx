import { lazy, type ReactNode } from 'react';
import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth, useMe } from './auth/AuthProvider';
import LoginPage from './auth/LoginPage';
import AppLayout from './layout/AppLayout';
import { homePath } from './lib/labels';
import NotFoundPage from './pages/NotFoundPage';

// Each section lives in pages/<section>/ and is loaded on first visit.
const IncomingPage = lazy(() => import('./pages/incoming/IncomingPage'));
const OutgoingPage = lazy(() => import('./pages/outgoing/OutgoingPage'));
const WorkfilesPage = lazy(() => import('./pages/workfiles/WorkfilesPage'));
const ArchivePage = lazy(() => import('./pages/archive/ArchivePage'));
const CalendarPage = lazy(() => import('./pages/calendar/CalendarPage'));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage'));
const OnestopPage = lazy(() => import('./pages/onestop/OnestopPage'));
const AdminRoutes = lazy(() => import('./pages/admin/AdminRoutes'));
const SearchPage = lazy(() => import('./pages/search/SearchPage'));
const SigningDemoPage = lazy(() => import('./components/signing/SigningDemoPage'));

function FullScreenSpin() {
  return (
    <div className="full-center">
      <Spin size="large" />
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <FullScreenSpin />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** A section shows only when the server put its key in the user's menu. */
function Section({ menuKey, children }: { menuKey: string; children: ReactNode }) {
  const me = useMe();
  if (!me.menu.includes(menuKey))
    return (
      <NotFoundPage
        status="403"
        title="Không có quyền truy cập"
        note="Tài khoản của bạn không được giao chức năng này."
      />
    );
  return children;
}

function Home() {
  const me = useMe();
  return <Navigate to={homePath(me.menu)} replace />;
}

/** Where a signed-out user was going: a path inside the app, never back to /login. */
function targetOf(state: unknown): string | null {
  const from = state && typeof state === 'object' && 'from' in state ? (state as { from: unknown }).from : null;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')
    ? from
    : null;
}

function LoginRoute() {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <FullScreenSpin />;
  if (me) return <Navigate to={targetOf(location.state) ?? homePath(me.menu)} replace />;
  return <LoginPage />;
}

export default function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route
          path="incoming/*"
          element={
            <Section menuKey="incoming">
              <IncomingPage />
            </Section>
          }
        />
        <Route
          path="outgoing/*"
          element={
            <Section menuKey="outgoing">
              <OutgoingPage />
            </Section>
          }
        />
        <Route
          path="workfiles/*"
          element={
            <Section menuKey="workfiles">
              <WorkfilesPage />
            </Section>
          }
        />
        <Route path="archive/*" element={<ArchivePage />} />
        <Route
          path="calendar/*"
          element={
            <Section menuKey="calendar">
              <CalendarPage />
            </Section>
          }
        />
        <Route
          path="reports/*"
          element={
            <Section menuKey="reports">
              <ReportsPage />
            </Section>
          }
        />
        <Route
          path="onestop/*"
          element={
            <Section menuKey="onestop">
              <OnestopPage />
            </Section>
          }
        />
        <Route path="admin/*" element={<AdminRoutes />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="signing/demo" element={<SigningDemoPage />} />
        <Route
          path="no-access"
          element={
            <NotFoundPage
              status="403"
              title="Chưa được phân quyền"
              note="Tài khoản chưa được giao chức năng nào. Liên hệ quản trị hệ thống của cơ quan."
            />
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
