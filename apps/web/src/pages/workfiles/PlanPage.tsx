import { Alert, Button, Card, Empty, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDateTime } from '../../lib/vn';
import { RETENTION_OPTIONS, workfilesApi, type Plan, type PlanEntry, type PlanHeading } from './workfiles.api';

function move<T>(list: T[], i: number, d: -1 | 1): T[] {
  const j = i + d;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

function EntryRow({
  e,
  edit,
  onChange,
  onMove,
  onRemove,
  units,
}: {
  e: PlanEntry;
  edit: boolean;
  onChange: (e: PlanEntry) => void;
  onMove: (d: -1 | 1) => void;
  onRemove: () => void;
  units: { value: string; label: string }[];
}) {
  if (!edit)
    return (
      <div className="wf-entry">
        <b>{e.notation}</b> {e.title} <Tag>{RETENTION_OPTIONS.find((o) => o.value === e.retention)?.label}</Tag>
        {e.fileId && <Tag color="green">đã lập hồ sơ</Tag>}
      </div>
    );
  return (
    <Space wrap className="wf-entry" align="start">
      <Input
        aria-label="Số và ký hiệu hồ sơ"
        style={{ width: 110 }}
        value={e.notation}
        maxLength={20}
        onChange={(x) => onChange({ ...e, notation: x.target.value })}
      />
      <Input.TextArea
        aria-label="Tiêu đề hồ sơ"
        style={{ width: 340 }}
        autoSize
        value={e.title}
        onChange={(x) => onChange({ ...e, title: x.target.value })}
      />
      <Select
        aria-label="Thời hạn bảo quản"
        style={{ width: 130 }}
        value={e.retention}
        options={RETENTION_OPTIONS}
        onChange={(v) => onChange({ ...e, retention: v })}
      />
      <Select
        aria-label="Đơn vị lập hồ sơ"
        allowClear
        style={{ width: 190 }}
        placeholder="Người/đơn vị lập"
        value={e.creatorUnitId ?? undefined}
        options={units}
        onChange={(v) => onChange({ ...e, creatorUnitId: v ?? null })}
      />
      <Input
        aria-label="Ghi chú"
        style={{ width: 140 }}
        placeholder="Ghi chú"
        value={e.note}
        onChange={(x) => onChange({ ...e, note: x.target.value })}
      />
      <Button size="small" aria-label="Lên" icon={<ArrowUpOutlined />} onClick={() => onMove(-1)} />
      <Button size="small" aria-label="Xuống" icon={<ArrowDownOutlined />} onClick={() => onMove(1)} />
      <Button size="small" danger aria-label="Xóa mục" icon={<DeleteOutlined />} onClick={onRemove} />
    </Space>
  );
}

function HeadingEditor({
  h,
  edit,
  depth,
  onChange,
  onMove,
  onRemove,
  units,
}: {
  h: PlanHeading;
  edit: boolean;
  depth: 0 | 1;
  onChange: (h: PlanHeading) => void;
  onMove: (d: -1 | 1) => void;
  onRemove: () => void;
  units: { value: string; label: string }[];
}) {
  const setEntries = (entries: PlanEntry[]) => onChange({ ...h, entries });
  const setChildren = (children: PlanHeading[]) => onChange({ ...h, children });
  return (
    <div className={depth === 0 ? 'wf-heading' : 'wf-subheading'}>
      {edit ? (
        <Space wrap>
          <Input
            aria-label="Số đề mục"
            style={{ width: 60 }}
            value={h.label}
            onChange={(x) => onChange({ ...h, label: x.target.value })}
          />
          <Input
            aria-label="Tên đề mục"
            style={{ width: 360 }}
            value={h.title}
            onChange={(x) => onChange({ ...h, title: x.target.value })}
          />
          <Button size="small" aria-label="Đề mục lên" icon={<ArrowUpOutlined />} onClick={() => onMove(-1)} />
          <Button size="small" aria-label="Đề mục xuống" icon={<ArrowDownOutlined />} onClick={() => onMove(1)} />
          <Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove}>
            Xóa đề mục
          </Button>
        </Space>
      ) : (
        <Typography.Text strong>
          {h.label}. {h.title}
        </Typography.Text>
      )}
      {h.entries.map((e, i) => (
        <EntryRow
          key={i}
          e={e}
          edit={edit}
          units={units}
          onChange={(x) => setEntries(h.entries.map((y, j) => (j === i ? x : y)))}
          onMove={(d) => setEntries(move(h.entries, i, d))}
          onRemove={() => setEntries(h.entries.filter((_y, j) => j !== i))}
        />
      ))}
      {h.children.map((c, i) => (
        <HeadingEditor
          key={i}
          h={c}
          edit={edit}
          depth={1}
          units={units}
          onChange={(x) => setChildren(h.children.map((y, j) => (j === i ? x : y)))}
          onMove={(d) => setChildren(move(h.children, i, d))}
          onRemove={() => setChildren(h.children.filter((_y, j) => j !== i))}
        />
      ))}
      {edit && (
        <Space style={{ marginTop: 4 }}>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() =>
              setEntries([
                ...h.entries,
                { notation: '', title: '', retention: '10', note: '', creatorUnitId: h.unitId ?? null },
              ])
            }
          >
            Thêm hồ sơ
          </Button>
          {depth === 0 && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() =>
                setChildren([
                  ...h.children,
                  { label: String(h.children.length + 1), title: '', entries: [], children: [] },
                ])
              }
            >
              Thêm đề mục nhỏ
            </Button>
          )}
        </Space>
      )}
    </div>
  );
}

const strip = (h: PlanHeading): PlanHeading => ({
  label: h.label,
  title: h.title,
  unitId: h.unitId ?? null,
  entries: h.entries.map(({ fileId: _f, ...e }) => e),
  children: h.children.map(strip),
});
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** The file plan of a year: start it (empty or from last year's), edit the tree, print it, approve it (the head). */
export default function PlanPage() {
  const [year, setYear] = useState(new Date().getFullYear());
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const plans = useQuery({ queryKey: ['workfiles', 'plans'], queryFn: workfilesApi.plans });
  const summary = plans.data?.find((p) => p.year === year);
  const plan = useQuery({
    queryKey: ['workfiles', 'plan', summary?.id],
    queryFn: () => workfilesApi.plan(summary!.id),
    enabled: !!summary,
  });
  const units = useQuery({ queryKey: ['workfiles', 'units'], queryFn: workfilesApi.units, staleTime: 600_000 });
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const [draft, setDraft] = useState<Plan | null>(null);
  const [decision, setDecision] = useState('');
  const [approving, setApproving] = useState(false);
  useEffect(() => setDraft(plan.data ?? null), [plan.data]);
  const refresh = () => qc.invalidateQueries({ queryKey: ['workfiles'] });
  const start = async (copy: boolean) => {
    try {
      await workfilesApi.createPlan({ year, ...(copy ? { copyFromYear: year - 1 } : {}) });
      ok(`Đã lập dự thảo danh mục hồ sơ năm ${year}.`);
      void refresh();
    } catch (e) {
      fail(e);
    }
  };
  const p = draft;
  const edit = !!p?.can.edit;
  const setHeadings = (headings: PlanHeading[]) => p && setDraft({ ...p, headings });
  return (
    <>
      <PageHeader
        title="Danh mục hồ sơ"
        subtitle={
          p ? (
            <Space>
              {p.title}
              {p.status === 'approved' ? <Tag color="green">Đã ban hành</Tag> : <Tag color="orange">Dự thảo</Tag>}
            </Space>
          ) : (
            'Danh mục hồ sơ của cơ quan theo năm'
          )
        }
        extra={
          <Space wrap>
            <InputNumber
              aria-label="Năm của danh mục"
              min={2000}
              max={2100}
              value={year}
              onChange={(v) => v && setYear(v)}
            />
            {p && (
              <Button href={`/api/workfiles/plans/${p.id}/print?format=pdf`} target="_blank">
                In (PDF)
              </Button>
            )}
            {p && <Button href={`/api/workfiles/plans/${p.id}/print?format=xlsx`}>Tải XLSX</Button>}
            {edit && (
              <Button
                type="primary"
                onClick={async () => {
                  try {
                    const saved = await workfilesApi.savePlan(p.id, {
                      title: p.title,
                      numbering: p.numbering,
                      decisionRef: p.decisionRef,
                      headings: p.headings.map(strip),
                    });
                    setDraft(saved);
                    ok('Đã lưu danh mục.');
                    void refresh();
                  } catch (e) {
                    fail(e);
                  }
                }}
              >
                Lưu danh mục
              </Button>
            )}
            {p?.can.approve && (
              <Button type="primary" onClick={() => setApproving(true)}>
                Ban hành danh mục
              </Button>
            )}
          </Space>
        }
      />
      {!summary && plans.isSuccess && (
        <Card size="small">
          <Empty description={`Chưa có danh mục hồ sơ năm ${year}.`}>
            <Space wrap>
              <Button
                type="primary"
                onClick={() => start(true)}
                disabled={!plans.data?.some((x) => x.year === year - 1)}
              >
                Lập từ danh mục năm {year - 1}
              </Button>
              <Button onClick={() => start(false)}>Lập danh mục mới</Button>
            </Space>
          </Empty>
        </Card>
      )}
      {p && (
        <Card size="small">
          {p.status === 'approved' && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              message={`Ban hành ${p.decisionRef ? `theo ${p.decisionRef} ` : ''}— ${p.approvedByName ?? ''}, ${p.approvedAt ? formatDateTime(p.approvedAt) : ''}`}
            />
          )}
          {edit && (
            <Input
              aria-label="Tên danh mục"
              style={{ marginBottom: 12 }}
              value={p.title}
              onChange={(e) => setDraft({ ...p, title: e.target.value })}
            />
          )}
          {p.headings.map((h, i) => (
            <HeadingEditor
              key={i}
              h={h}
              edit={edit}
              depth={0}
              units={unitOptions}
              onChange={(x) => setHeadings(p.headings.map((y, j) => (j === i ? x : y)))}
              onMove={(d) => setHeadings(move(p.headings, i, d))}
              onRemove={() => setHeadings(p.headings.filter((_y, j) => j !== i))}
            />
          ))}
          {edit && (
            <Button
              icon={<PlusOutlined />}
              onClick={() =>
                setHeadings([
                  ...p.headings,
                  {
                    label: ROMAN[p.headings.length] ?? String(p.headings.length + 1),
                    title: '',
                    entries: [],
                    children: [],
                  },
                ])
              }
            >
              Thêm đề mục lớn
            </Button>
          )}
          <Typography.Paragraph style={{ marginTop: 12 }}>
            Danh mục có {p.counts.entries} hồ sơ: {p.counts.permanent} bảo quản vĩnh viễn, {p.counts.limited} có thời
            hạn.
          </Typography.Paragraph>
        </Card>
      )}
      <Modal
        open={approving}
        title="Ban hành danh mục hồ sơ"
        okText="Ban hành"
        cancelText="Hủy"
        onCancel={() => setApproving(false)}
        onOk={async () => {
          try {
            await workfilesApi.approvePlan(p!.id, decision.trim() || null);
            setApproving(false);
            ok('Đã ban hành danh mục hồ sơ.');
            void refresh();
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Input
          aria-label="Quyết định ban hành"
          placeholder="Quyết định ban hành (ví dụ: Quyết định số 12/QĐ-BNV)"
          value={decision}
          onChange={(e) => setDecision(e.target.value)}
        />
      </Modal>
      <style>{`
        .wf-heading { margin-bottom: 16px; }
        .wf-subheading { margin: 8px 0 8px 20px; }
        .wf-entry { display: flex; margin: 6px 0 6px 20px; }
      `}</style>
    </>
  );
}
