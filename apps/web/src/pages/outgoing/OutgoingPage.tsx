import { Button, Menu, Select, Space } from 'antd';
import { BookOutlined, PlusOutlined } from '@ant-design/icons';
import { Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../auth/AuthProvider';
import NotFoundPage from '../NotFoundPage';
import DocumentPage from './DocumentPage';
import DraftFormPage from './DraftFormPage';
import ListPage from './ListPage';
import RegisterPage from './RegisterPage';
import { BOX_ITEMS, defaultBox } from './labels';
import type { Box } from './outgoing.api';

const REPORT_ROLES = ['clerk', 'organ_leader', 'office_chief', 'admin'];

/** The lists (Dự thảo của tôi, Chờ tôi xử lý, Chờ phát hành, Đã phát hành): a side menu on a wide screen, a select on a phone. */
function Boxes() {
  const me = useMe();
  const clerk = me.roles.includes('clerk');
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const onList = pathname === '/outgoing' || pathname === '/outgoing/';
  const current = onList ? ((params.get('box') as Box | null) ?? defaultBox(me.roles)) : null;
  const items = BOX_ITEMS.filter((b) => !b.clerkOnly || clerk);
  return (
    <div className="outgoing-boxes">
      <div className="outgoing-boxes-wide">
        <Menu
          mode="inline"
          selectedKeys={current ? [current] : []}
          aria-label="Danh sách văn bản đi"
          items={items.map((b) => ({ key: b.key, label: <span data-box={b.key}>{b.label}</span> }))}
          onClick={(e) => navigate(`/outgoing?box=${e.key}`)}
        />
      </div>
      <div className="outgoing-boxes-narrow">
        <Select
          aria-label="Danh sách văn bản đi"
          style={{ width: '100%' }}
          value={current ?? undefined}
          placeholder="Chọn danh sách"
          options={items.map((b) => ({ value: b.key, label: b.label }))}
          onChange={(v) => navigate(`/outgoing?box=${v}`)}
        />
      </div>
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        <Button type="primary" block icon={<PlusOutlined />} onClick={() => navigate('/outgoing/new')}>
          Soạn dự thảo
        </Button>
        {me.roles.some((r) => REPORT_ROLES.includes(r)) && (
          <Button block icon={<BookOutlined />} onClick={() => navigate('/outgoing/register')}>
            Sổ văn bản đi
          </Button>
        )}
      </Space>
    </div>
  );
}

/** Văn bản đi: lists, new draft, document page, register book (nested routes under /outgoing). */
export default function OutgoingPage() {
  return (
    <div className="outgoing-layout">
      <aside className="outgoing-side">
        <Boxes />
      </aside>
      <section className="outgoing-main">
        <Routes>
          <Route index element={<ListPage />} />
          <Route path="new" element={<DraftFormPage />} />
          <Route path="doc/:id" element={<DocumentPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </section>
      <style>{`
        .outgoing-layout { display: flex; gap: 16px; align-items: flex-start; }
        .outgoing-side { width: 220px; flex: none; position: sticky; top: 0; }
        .outgoing-main { flex: 1; min-width: 0; }
        .outgoing-boxes-narrow { display: none; }
        .outgoing-phone-only { display: none; }
        @media (max-width: 767px) {
          .outgoing-layout { flex-direction: column; }
          .outgoing-side { width: 100%; position: static; }
          .outgoing-main { width: 100%; }
          .outgoing-boxes-wide { display: none; }
          .outgoing-boxes-narrow { display: block; }
          .outgoing-phone-only { display: inline; }
        }
      `}</style>
    </div>
  );
}
