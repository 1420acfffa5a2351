import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Tag, DatePicker } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import ListTable from '../../components/ListTable';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDate } from '../../lib/vn';
import { RETENTION_OPTIONS, retentionLabel, workfilesApi, type FileItem, type Retention } from './workfiles.api';
import { useMe } from '../../auth/AuthProvider';

/** Opens a file from an entry of the approved plan, or ad hoc. */
function NewFileModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{
    planEntryId?: string;
    title?: string;
    notation?: string;
    retention?: Retention;
    startDate?: Dayjs;
  }>();
  const navigate = useNavigate();
  const { fail } = useNotify();
  const year = new Date().getFullYear();
  const plans = useQuery({ queryKey: ['workfiles', 'plans'], queryFn: workfilesApi.plans, enabled: open });
  const approved =
    plans.data?.find((p) => p.status === 'approved' && p.year === year) ??
    plans.data?.find((p) => p.status === 'approved');
  const plan = useQuery({
    queryKey: ['workfiles', 'plan', approved?.id],
    queryFn: () => workfilesApi.plan(approved!.id),
    enabled: open && !!approved,
  });
  const entries = (plan.data?.headings ?? [])
    .flatMap((h) => [...h.entries, ...h.children.flatMap((c) => c.entries)])
    .filter((e) => !e.fileId);
  const entryId = Form.useWatch('planEntryId', form);
  return (
    <Modal
      open={open}
      title="Lập hồ sơ"
      okText="Lập hồ sơ"
      cancelText="Hủy"
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          const r = await workfilesApi.create({ ...v, startDate: v.startDate?.format('YYYY-MM-DD') });
          onClose();
          navigate(`/workfiles/file/${r.id}`);
        } catch (e) {
          fail(e);
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="planEntryId" label={`Theo danh mục hồ sơ${plan.data ? ` năm ${plan.data.year}` : ''}`}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="Chọn mục hồ sơ (hoặc để trống để lập ngoài danh mục)"
            aria-label="Mục hồ sơ trong danh mục"
            options={entries.map((e) => ({ value: e.id!, label: `${e.notation} — ${e.title}` }))}
          />
        </Form.Item>
        {!entryId && (
          <>
            <Form.Item name="title" label="Tiêu đề hồ sơ" rules={[{ required: true, message: 'Nhập tiêu đề hồ sơ' }]}>
              <Input.TextArea autoSize maxLength={1000} />
            </Form.Item>
            <Form.Item
              name="notation"
              label="Số và ký hiệu hồ sơ"
              rules={[{ required: true, message: 'Nhập ký hiệu, ví dụ 01.TCCB' }]}
            >
              <Input maxLength={20} placeholder="01.TCCB" />
            </Form.Item>
            <Form.Item name="retention" label="Thời hạn bảo quản" extra="Để trống: đề xuất theo bảng thời hạn bảo quản">
              <Select allowClear options={RETENTION_OPTIONS} />
            </Form.Item>
          </>
        )}
        <Form.Item name="startDate" label="Ngày bắt đầu">
          <DatePicker format="DD/MM/YYYY" placeholder="Hôm nay" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** My files (with counts, F4đ) or my unit's files. */
export default function FileListPage({ scope }: { scope: 'mine' | 'unit' }) {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [year, setYear] = useState<number | null>(null);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const qc = useQueryClient();
  const query = { scope, q: q || undefined, status, year: year ?? undefined, ...page };
  const list = useQuery({
    queryKey: ['workfiles', 'list', query],
    queryFn: () => workfilesApi.list(query),
    placeholderData: keepPreviousData,
  });
  const c = list.data?.counts;
  // O6: the list of files of my unit for the year (the archive clerk may print any unit's).
  const me = useMe();
  const o6 = `year=${year ?? new Date().getFullYear()}${me.memberships[0] ? `&unitId=${me.memberships[0].unitId}` : ''}`;
  return (
    <>
      <PageHeader
        title={scope === 'mine' ? 'Hồ sơ của tôi' : 'Hồ sơ của đơn vị'}
        subtitle={c ? `${c.open} hồ sơ đang mở, ${c.closed} hồ sơ đã đóng` : 'Hồ sơ công việc'}
        extra={
          <Space wrap>
            <Button href={`/api/workfiles/list/print?format=pdf&${o6}`} target="_blank">
              Danh sách hồ sơ (PDF)
            </Button>
            <Button href={`/api/workfiles/list/print?format=xlsx&${o6}`}>Danh sách hồ sơ (XLSX)</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              Lập hồ sơ
            </Button>
          </Space>
        }
      />
      <Card size="small">
        <Space wrap className="list-filters" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder="Tìm mã, tiêu đề hồ sơ (không cần dấu)"
            aria-label="Tìm hồ sơ"
            style={{ width: 300 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage((p) => ({ ...p, page: 1 }));
            }}
          />
          <Select
            allowClear
            placeholder="Trạng thái"
            aria-label="Lọc trạng thái"
            style={{ width: 140 }}
            options={[
              { value: 'open', label: 'Đang mở' },
              { value: 'closed', label: 'Đã đóng' },
            ]}
            onChange={setStatus}
          />
          <InputNumber
            placeholder="Năm"
            aria-label="Năm"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => setYear(v)}
          />
        </Space>
        <ListTable<FileItem>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 720 }}
          locale={{ emptyText: 'Chưa có hồ sơ nào.' }}
          rowHref={(r) => `/workfiles/file/${r.id}`}
          card={(r) => ({
            title: r.title,
            meta: (
              <>
                <span>{r.code}</span>
                <span>{retentionLabel(r.retention)}</span>
                <span>Bắt đầu {formatDate(r.startDate)}</span>
                <span>{r.memberCount} văn bản</span>
              </>
            ),
            tags: r.status === 'open' ? <Tag color="blue">Đang mở</Tag> : <Tag color="green">Đã đóng</Tag>,
          })}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showTotal: (t) => `${t} hồ sơ`,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            { title: 'Mã hồ sơ', dataIndex: 'code', width: 220 },
            {
              title: 'Tiêu đề hồ sơ',
              dataIndex: 'title',
              render: (t: string, r) => <Link to={`/workfiles/file/${r.id}`}>{t}</Link>,
            },
            {
              title: 'Thời hạn',
              dataIndex: 'retention',
              width: 110,
              render: (r: Retention | null) => retentionLabel(r),
            },
            { title: 'Bắt đầu', dataIndex: 'startDate', width: 100, render: (d: string) => formatDate(d) },
            { title: 'Văn bản', dataIndex: 'memberCount', width: 80 },
            {
              title: 'Trạng thái',
              dataIndex: 'status',
              width: 100,
              render: (s: string) =>
                s === 'open' ? <Tag color="blue">Đang mở</Tag> : <Tag color="green">Đã đóng</Tag>,
            },
          ]}
        />
      </Card>
      <NewFileModal
        open={creating}
        onClose={() => {
          setCreating(false);
          void qc.invalidateQueries({ queryKey: ['workfiles'] });
        }}
      />
    </>
  );
}
