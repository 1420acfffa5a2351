import { Card, Menu, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import NotFoundPage from '../NotFoundPage';
import { archiveApi, type Me } from './archive.api';
import DestructionPage, { DestructionDetailPage } from './DestructionPage';
import RecordPage from './RecordPage';
import RecordsPage from './RecordsPage';
import RequestsPage from './RequestsPage';
import TransferPage, { TransferDetailPage } from './TransferPage';

const SECTIONS: { key: string; label: string; who: (m: Me) => boolean }[] = [
  { key: '/archive', label: 'Kho lưu trữ', who: () => true },
  { key: '/archive/transfer', label: 'Nộp lưu', who: (m) => m.archivist || m.head },
  { key: '/archive/requests', label: 'Yêu cầu khai thác', who: () => true },
  { key: '/archive/destruction', label: 'Xem xét hủy', who: (m) => m.archivist || m.head || m.decides },
];

/** "Lưu trữ": the catalogue, transfer (nộp lưu), access requests, destruction; what shows follows the caller's archive rights. */
export default function ArchivePage() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ['archive', 'me'], queryFn: archiveApi.me, staleTime: 60_000 });
  if (!me.data) return <Card loading />;
  const items = SECTIONS.filter((s) => s.who(me.data));
  const current =
    items
      .slice()
      .reverse()
      .find((s) => pathname === s.key || pathname.startsWith(`${s.key}/`))?.key ?? '/archive';
  return (
    <div className="ar-layout">
      <aside className="ar-side">
        <div className="ar-wide">
          <Menu
            mode="inline"
            selectedKeys={[current]}
            items={items.map(({ key, label }) => ({ key, label }))}
            onClick={(e) => navigate(e.key)}
            aria-label="Lưu trữ"
          />
        </div>
        <div className="ar-narrow">
          <Select
            aria-label="Lưu trữ"
            style={{ width: '100%' }}
            value={current}
            options={items.map((s) => ({ value: s.key, label: s.label }))}
            onChange={(v) => navigate(v)}
          />
        </div>
      </aside>
      <section className="ar-main">
        <Routes>
          <Route index element={<RecordsPage />} />
          <Route path="record/:id" element={<RecordPage />} />
          <Route path="transfer" element={<TransferPage />} />
          <Route path="transfer/:id" element={<TransferDetailPage />} />
          <Route path="requests" element={<RequestsPage me={me.data} />} />
          <Route path="destruction" element={<DestructionPage />} />
          <Route path="destruction/:id" element={<DestructionDetailPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </section>
      <style>{`
        .ar-layout { display: flex; gap: 16px; align-items: flex-start; }
        .ar-side { width: 220px; flex: none; position: sticky; top: 0; }
        .ar-main { flex: 1; min-width: 0; }
        .ar-narrow { display: none; }
        @media (max-width: 767px) {
          .ar-layout { flex-direction: column; }
          .ar-side { width: 100%; position: static; }
          .ar-main { width: 100%; }
          .ar-main .page-header { flex-wrap: wrap; }
          .ar-main .page-header-extra { max-width: 100%; }
          .ar-wide { display: none; }
          .ar-narrow { display: block; }
        }
      `}</style>
    </div>
  );
}
