import { Card, Input, Select, Space, Table, Tag } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import PageHeader from '../../components/PageHeader';
import { formatDate } from '../../lib/vn';
import { archiveApi, MODE_LABEL, retentionText, STATUS_LABEL, type RecordItem } from './archive.api';

/** The archive's catalogue (mục lục hồ sơ lưu trữ): what the caller may know of, whole rows clickable. */
export default function RecordsPage() {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const query = { q: q || undefined, status, ...page };
  const list = useQuery({
    queryKey: ['archive', 'records', query],
    queryFn: () => archiveApi.records(query),
    placeholderData: keepPreviousData,
  });
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Kho lưu trữ" subtitle="Hồ sơ đã nộp lưu vào lưu trữ cơ quan" />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder="Tìm mã, tiêu đề hồ sơ (không cần dấu)"
            aria-label="Tìm hồ sơ lưu trữ"
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
            style={{ width: 160 }}
            options={Object.entries(STATUS_LABEL).map(([value, s]) => ({ value, label: s.label }))}
            onChange={setStatus}
          />
        </Space>
        <Table<RecordItem>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 720 }}
          locale={{ emptyText: 'Chưa có hồ sơ lưu trữ.' }}
          onRow={(r) => ({ onClick: () => navigate(`/archive/record/${r.id}`), style: { cursor: 'pointer' } })}
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
              render: (t: string, r) => <Link to={`/archive/record/${r.id}`}>{t}</Link>,
            },
            {
              title: 'Thời gian',
              key: 'dates',
              width: 190,
              render: (_: unknown, r) => `${formatDate(r.startDate)} – ${formatDate(r.endDate)}`,
            },
            { title: 'Thời hạn', dataIndex: 'retention', width: 100, render: retentionText },
            {
              title: 'Chế độ',
              dataIndex: 'mode',
              width: 100,
              render: (m: RecordItem['mode']) => <Tag color={MODE_LABEL[m].color}>{MODE_LABEL[m].label}</Tag>,
            },
            {
              title: 'Trạng thái',
              dataIndex: 'status',
              width: 130,
              render: (s: string, r) => (
                <Space size={4}>
                  <Tag color={STATUS_LABEL[s]?.color}>{STATUS_LABEL[s]?.label ?? s}</Tag>
                  {r.onHold && <Tag color="purple">Phong tỏa</Tag>}
                </Space>
              ),
            },
            { title: 'Lượt khai thác', dataIndex: 'reads', width: 110 },
          ]}
        />
      </Card>
    </>
  );
}
