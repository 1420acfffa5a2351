import { Card, Input, Select, Space, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useMe } from '../../auth/AuthProvider';
import ListTable from '../../components/ListTable';
import PageHeader from '../../components/PageHeader';
import { foldKey, formatDate, formatDateTime, viCompare } from '../../lib/vn';
import {
  BOX_ITEMS,
  CONF_OPTIONS,
  STATUS_COLORS,
  STATUS_LABELS,
  URGENCY_OPTIONS,
  defaultBox,
  labelOf,
  stageLabel,
} from './labels';
import { outgoingApi, type Box, type DocStatus, type ListItem } from './outgoing.api';

/** One list of outgoing documents, with search, filters, Vietnamese sorting and paging. */
export default function ListPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const box = (params.get('box') as Box | null) ?? defaultBox(me.roles);
  const [q, setQ] = useState('');
  const [docType, setDocType] = useState<string | undefined>();
  const [status, setStatus] = useState<DocStatus | undefined>();
  const [urgency, setUrgency] = useState<string | undefined>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['outgoing', 'list', box],
    queryFn: () => outgoingApi.list(box),
    refetchInterval: 60_000,
  });
  const title = BOX_ITEMS.find((b) => b.key === box)?.label ?? 'Văn bản đi';
  const items = list.data ?? [];
  const types = useMemo(
    () =>
      [...new Map(items.map((i) => [i.docType, i.docTypeName])).entries()]
        .map(([value, label]) => ({ value, label }))
        .sort((a, b) => viCompare(a.label, b.label)),
    [items],
  );
  const shown = useMemo(() => {
    const key = foldKey(q.trim());
    return items.filter(
      (i) =>
        (!key || foldKey(`${i.numberNotation ?? ''} ${i.subject} ${i.docTypeName}`).includes(key)) &&
        (!docType || i.docType === docType) &&
        (!status || i.status === status) &&
        (!urgency || i.urgency === urgency),
    );
  }, [items, q, docType, status, urgency]);
  const reset = () => setPage((p) => ({ ...p, current: 1 }));

  return (
    <>
      <PageHeader title={title} subtitle="Văn bản đi" />
      <Card size="small">
        <Space wrap className="list-filters" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder="Tìm số, ký hiệu, trích yếu (không cần dấu)"
            aria-label="Tìm kiếm"
            style={{ width: 320 }}
            onSearch={(v) => {
              setQ(v);
              reset();
            }}
            onChange={(e) => {
              if (!e.target.value) setQ('');
            }}
          />
          <Select
            allowClear
            placeholder="Loại văn bản"
            aria-label="Lọc loại văn bản"
            style={{ width: 170 }}
            options={types}
            onChange={(v) => {
              setDocType(v);
              reset();
            }}
          />
          <Select
            allowClear
            placeholder="Trạng thái"
            aria-label="Lọc trạng thái"
            style={{ width: 190 }}
            options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
            onChange={(v) => {
              setStatus(v as DocStatus | undefined);
              reset();
            }}
          />
          <Select
            allowClear
            placeholder="Độ khẩn"
            aria-label="Lọc độ khẩn"
            style={{ width: 130 }}
            options={URGENCY_OPTIONS}
            onChange={(v) => {
              setUrgency(v);
              reset();
            }}
          />
        </Space>
        <ListTable<ListItem>
          rowKey="id"
          rowHref={(r) => `/outgoing/doc/${r.id}`}
          card={(r) => ({
            title: r.subject,
            meta: (
              <>
                <span>{r.numberNotation ?? 'Chưa cấp số'}</span>
                <span>{r.docTypeName}</span>
                <span>Cập nhật {formatDateTime(r.updatedAt)}</span>
              </>
            ),
            tags: (
              <>
                <Tag color={STATUS_COLORS[r.status]}>{stageLabel(r.status, r.activeStep?.action ?? null)}</Tag>
                {r.urgency !== 'thuong' && <Tag color="volcano">{labelOf(URGENCY_OPTIONS, r.urgency)}</Tag>}
                {r.confidentiality !== 'thuong' && <Tag color="purple">{labelOf(CONF_OPTIONS, r.confidentiality)}</Tag>}
              </>
            ),
          })}
          size="small"
          loading={list.isFetching}
          dataSource={shown}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: 'Không có văn bản nào.' }}
          pagination={{
            ...page,
            total: shown.length,
            showSizeChanger: true,
            showTotal: (t) => `${t} văn bản`,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
          columns={[
            {
              title: 'Số, ký hiệu',
              dataIndex: 'numberNotation',
              width: 140,
              responsive: ['md'],
              sorter: (a, b) => viCompare(a.numberNotation ?? '', b.numberNotation ?? ''),
              render: (n: string | null) => n ?? <span className="muted">Chưa cấp số</span>,
            },
            {
              title: 'Ngày',
              dataIndex: 'issuedDate',
              width: 100,
              responsive: ['md'],
              render: (d: string | null) => formatDate(d),
            },
            {
              title: 'Trích yếu',
              dataIndex: 'subject',
              sorter: (a, b) => viCompare(a.subject, b.subject),
              render: (s: string, r) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/outgoing/doc/${r.id}`}>{s}</Link>
                  <Space size={4} wrap>
                    <span className="muted">{r.docTypeName}</span>
                    {r.numberNotation && <span className="outgoing-phone-only">{r.numberNotation}</span>}
                    {r.urgency !== 'thuong' && <Tag color="volcano">{labelOf(URGENCY_OPTIONS, r.urgency)}</Tag>}
                    {r.confidentiality !== 'thuong' && (
                      <Tag color="purple">{labelOf(CONF_OPTIONS, r.confidentiality)}</Tag>
                    )}
                  </Space>
                </Space>
              ),
            },
            {
              title: 'Trạng thái',
              dataIndex: 'status',
              width: 160,
              render: (s: DocStatus, r) => (
                <Tag color={STATUS_COLORS[s]}>{stageLabel(s, r.activeStep?.action ?? null)}</Tag>
              ),
            },
            {
              title: 'Cập nhật',
              dataIndex: 'updatedAt',
              width: 140,
              responsive: ['lg'],
              defaultSortOrder: 'descend',
              sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
              render: (d: string) => formatDateTime(d),
            },
          ]}
        />
      </Card>
    </>
  );
}
