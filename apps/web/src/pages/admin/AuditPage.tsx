import { Alert, Button, Card, DatePicker, Form, Input, Select, Table, Tooltip } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { AuditItem } from '../../api.types';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDateTime, viCompare } from '../../lib/vn';
import { useAdmin } from './AdminScope';
import type { AuditFilter } from './admin.api';
import { wideScreen } from '../../lib/device';

interface FilterForm {
  action?: string;
  actorId?: string;
  entityType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const PAGE_SIZE = 50;

/** The audit log (hash-chained per organ): filter by action, user, entity type and dates; server-side paging. */
export default function AuditPage() {
  const { api, key } = useAdmin();
  const [filter, setFilter] = useState<AuditFilter>({ page: 1, pageSize: PAGE_SIZE });
  const users = useQuery({ queryKey: key('users', '', ''), queryFn: () => api.users({}) });
  const audit = useQuery({
    queryKey: key('audit', filter),
    queryFn: () => api.audit(filter),
    placeholderData: keepPreviousData,
  });
  const { fail } = useNotify();
  const verify = useMutation({ mutationFn: api.verifyAudit, onError: fail });
  const userOptions = useMemo(
    () =>
      [...(users.data ?? [])]
        .sort((a, b) => viCompare(a.fullName, b.fullName))
        .map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` })),
    [users.data],
  );

  function apply(v: FilterForm) {
    const [from, to] = v.range ?? [];
    setFilter({
      page: 1,
      pageSize: PAGE_SIZE,
      action: v.action?.trim() || undefined,
      actorId: v.actorId || undefined,
      entityType: v.entityType?.trim() || undefined,
      from: from ? from.format('YYYY-MM-DD') : undefined,
      to: to ? to.format('YYYY-MM-DD') : undefined,
    });
  }

  return (
    <>
      <PageHeader
        title="Nhật ký"
        subtitle="Nhật ký hệ thống: mọi thay đổi dữ liệu, được ghi nối chuỗi băm, không sửa xóa được"
        extra={
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
            Kiểm tra toàn vẹn
          </Button>
        }
      />
      {verify.data && (
        <Alert
          showIcon
          closable
          onClose={() => verify.reset()}
          style={{ marginBottom: 12 }}
          data-testid="audit-verify"
          type={verify.data.breaks.length === 0 ? 'success' : 'error'}
          message={
            verify.data.breaks.length === 0
              ? `Chuỗi băm nguyên vẹn: đã kiểm tra ${verify.data.checked.toLocaleString('vi-VN')} bản ghi.`
              : `Phát hiện ${verify.data.breaks.length} chỗ đứt chuỗi băm (bản ghi số ${verify.data.breaks.map((b) => b.seq).join(', ')}). Nhật ký có thể đã bị can thiệp.`
          }
        />
      )}
      <Card size="small">
        <Form layout="inline" onFinish={apply} className="filter-bar" style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="action" label="Hành động">
            <Input placeholder="Ví dụ: auth.login" allowClear autoFocus={wideScreen()} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="actorId" label="Người thực hiện">
            <Select
              options={userOptions}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="Tất cả"
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item name="entityType" label="Đối tượng">
            <Input placeholder="Ví dụ: user" allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="range" label="Thời gian">
            <DatePicker.RangePicker
              format="DD/MM/YYYY"
              placeholder={['Từ ngày', 'Đến ngày']}
              allowEmpty={[true, true]}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            Lọc
          </Button>
        </Form>
        <Table<AuditItem>
          rowKey="id"
          size="small"
          loading={audit.isFetching}
          dataSource={audit.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: audit.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `${t.toLocaleString('vi-VN')} bản ghi`,
            onChange: (page) => setFilter((f) => ({ ...f, page })),
          }}
          columns={[
            { title: 'STT', dataIndex: 'seq', width: 80 },
            { title: 'Thời điểm', dataIndex: 'at', render: (v: string) => formatDateTime(v), width: 140 },
            { title: 'Người thực hiện', dataIndex: 'actorName', render: (v: string | null) => v ?? 'Hệ thống' },
            { title: 'Hành động', dataIndex: 'action', render: (v: string) => <code>{v}</code> },
            {
              title: 'Đối tượng',
              key: 'entity',
              render: (_v, a) => (a.entityType ? <Tooltip title={a.entityId}>{a.entityType}</Tooltip> : '—'),
            },
            { title: 'Nội dung', dataIndex: 'summary', render: (v: string | null) => v ?? '' },
            { title: 'Địa chỉ IP', dataIndex: 'ip', render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
    </>
  );
}
