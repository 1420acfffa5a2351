import { Badge, Button, Menu, Select, Space } from 'antd';
import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../auth/AuthProvider';
import NotFoundPage from '../NotFoundPage';
import DocumentPage from './DocumentPage';
import ListPage from './ListPage';
import RegisterPage from './RegisterPage';
import ReportsPage from './ReportsPage';
import { BOX_ITEMS, incomingApi, type Box } from './incoming.api';

/** The lists a user lives in, with counts (F1i): a side menu on a wide screen, a select on a phone. */
function Boxes() {
  const me = useMe();
  const clerk = me.roles.includes('clerk');
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const counts = useQuery({ queryKey: ['incoming', 'counts'], queryFn: incomingApi.counts, refetchInterval: 60_000 });
  const current =
    pathname === '/incoming' || pathname === '/incoming/'
      ? ((params.get('box') as Box | null) ?? (clerk ? 'register' : 'todo'))
      : null;
  const items = BOX_ITEMS.filter((b) => !b.clerkOnly || clerk);
  const label = (b: (typeof items)[number]) => {
    const n = b.count ? (counts.data?.[b.count] ?? 0) : 0;
    return (
      <span className="incoming-box" data-box={b.key}>
        {b.label}{' '}
        {n > 0 && (
          <Badge
            count={n}
            overflowCount={9999}
            color={b.key === 'overdue' ? 'red' : b.key === 'due_soon' ? 'orange' : 'blue'}
          />
        )}
      </span>
    );
  };
  return (
    <div className="incoming-boxes">
      <div className="incoming-boxes-wide">
        <Menu
          mode="inline"
          selectedKeys={current ? [current] : []}
          items={items.map((b) => ({ key: b.key, label: label(b) }))}
          onClick={(e) => navigate(`/incoming?box=${e.key}`)}
          aria-label="Hộp văn bản đến"
        />
      </div>
      <div className="incoming-boxes-narrow">
        <Select
          aria-label="Hộp văn bản đến"
          style={{ width: '100%' }}
          value={current ?? undefined}
          placeholder="Chọn danh sách"
          options={items.map((b) => ({
            value: b.key,
            label: `${b.label}${b.count && counts.data?.[b.count] ? ` (${counts.data[b.count]})` : ''}`,
          }))}
          onChange={(v) => navigate(`/incoming?box=${v}`)}
        />
      </div>
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        {clerk && (
          <Button type="primary" block icon={<PlusOutlined />} onClick={() => navigate('/incoming/new')}>
            Vào sổ văn bản
          </Button>
        )}
        {(clerk || me.roles.some((r) => r === 'organ_leader' || r === 'office_chief' || r === 'unit_leader')) && (
          <Button block icon={<BarChartOutlined />} onClick={() => navigate('/incoming/reports')}>
            Sổ và báo cáo
          </Button>
        )}
      </Space>
    </div>
  );
}

export default function IncomingPage() {
  return (
    <div className="incoming-layout">
      <aside className="incoming-side">
        <Boxes />
      </aside>
      <section className="incoming-main">
        <Routes>
          <Route index element={<ListPage />} />
          <Route path="new" element={<RegisterPage />} />
          <Route path="doc/:id" element={<DocumentPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </section>
      <style>{`
        .incoming-layout { display: flex; gap: 16px; align-items: flex-start; }
        .incoming-side { width: 220px; flex: none; position: sticky; top: 0; }
        .incoming-main { flex: 1; min-width: 0; }
        .incoming-boxes-narrow { display: none; }
        .incoming-box { display: inline-flex; gap: 6px; align-items: center; }
        @media (max-width: 767px) {
          .incoming-layout { flex-direction: column; }
          .incoming-side { width: 100%; position: static; }
          .incoming-main { width: 100%; }
          .incoming-boxes-wide { display: none; }
          .incoming-boxes-narrow { display: block; }
        }
      `}</style>
    </div>
  );
}
