import { Menu, Select } from 'antd';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import NotFoundPage from '../NotFoundPage';
import FileListPage from './FileListPage';
import FilePage from './FilePage';
import PlanPage from './PlanPage';
import SubmissionsPage from './SubmissionsPage';

const SECTIONS = [
  { key: '/workfiles', label: 'Hồ sơ của tôi' },
  { key: '/workfiles/unit', label: 'Hồ sơ của đơn vị' },
  { key: '/workfiles/plan', label: 'Danh mục hồ sơ' },
  { key: '/workfiles/submissions', label: 'Phiếu trình' },
];

/** "Hồ sơ công việc": my files, my unit's files, the file plan, submissions; a side menu on a wide screen, a select on a phone. */
export default function WorkfilesPage() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const current =
    SECTIONS.slice()
      .reverse()
      .find((s) => pathname === s.key || pathname.startsWith(`${s.key}/`))?.key ?? '/workfiles';
  return (
    <div className="wf-layout">
      <aside className="wf-side">
        <div className="wf-boxes">
          <div className="wf-wide">
            <Menu
              mode="inline"
              selectedKeys={[current]}
              items={SECTIONS}
              onClick={(e) => navigate(e.key)}
              aria-label="Hồ sơ công việc"
            />
          </div>
          <div className="wf-narrow">
            <Select
              aria-label="Hồ sơ công việc"
              style={{ width: '100%' }}
              value={current}
              options={SECTIONS.map((s) => ({ value: s.key, label: s.label }))}
              onChange={(v) => navigate(v)}
            />
          </div>
        </div>
      </aside>
      <section className="wf-main">
        <Routes>
          <Route index element={<FileListPage scope="mine" />} />
          <Route path="unit" element={<FileListPage scope="unit" />} />
          <Route path="plan" element={<PlanPage />} />
          <Route path="submissions" element={<SubmissionsPage />} />
          <Route path="submissions/:id" element={<SubmissionsPage />} />
          <Route path="file/:id" element={<FilePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </section>
      <style>{`
        .wf-layout { display: flex; gap: 16px; align-items: flex-start; }
        .wf-side { width: 220px; flex: none; position: sticky; top: 0; }
        .wf-main { flex: 1; min-width: 0; }
        .wf-narrow { display: none; }
        @media (max-width: 767px) {
          .wf-layout { flex-direction: column; }
          .wf-side { width: 100%; position: static; }
          .wf-wide { display: none; }
          .wf-narrow { display: block; }
        }
      `}</style>
    </div>
  );
}
