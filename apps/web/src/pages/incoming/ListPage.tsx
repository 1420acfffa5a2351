import { Card, DatePicker, Input, Select, Space, Tag, Tooltip } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useMe } from '../../auth/AuthProvider';
import ListTable from '../../components/ListTable';
import PageHeader from '../../components/PageHeader';
import { formatDate } from '../../lib/vn';
import {
  BOX_ITEMS,
  CONF_OPTIONS,
  ROLE_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  URGENCY_OPTIONS,
  incomingApi,
  labelOf,
  type Box,
  type ListItem,
} from './incoming.api';

/** One list (Cần xử lý, Quá hạn, Sổ văn bản đến…) with filters, sort and paging. */
export default function ListPage() {
  const me = useMe();
  const clerk = me.roles.includes('clerk');
  const [params] = useSearchParams();
  const box = (params.get('box') as Box | null) ?? (clerk ? 'register' : 'todo');
  const [q, setQ] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [docType, setDocType] = useState<string | undefined>();
  const [urgency, setUrgency] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>(params.get('unitId') ?? undefined);
  const [sort, setSort] = useState<{ sort?: string; order?: string }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const types = useQuery({ queryKey: ['incoming', 'doc-types'], queryFn: incomingApi.docTypes, staleTime: 600_000 });
  const units = useQuery({ queryKey: ['incoming', 'units'], queryFn: incomingApi.units, staleTime: 600_000 });
  // From the reports dashboard: ?track=overdue&unitId=…&from=…&to=… opens exactly the list a number counts.
  const track = params.get('track') ?? undefined;
  const query = {
    box,
    q: q || undefined,
    from: range ? range[0]?.format('YYYY-MM-DD') : (params.get('from') ?? undefined),
    to: range ? range[1]?.format('YYYY-MM-DD') : (params.get('to') ?? undefined),
    docType,
    urgency,
    status,
    unitId,
    track,
    ...sort,
    ...page,
  };
  const list = useQuery({
    queryKey: ['incoming', 'list', query],
    queryFn: () => incomingApi.list(query),
    placeholderData: keepPreviousData,
  });
  const title = BOX_ITEMS.find((b) => b.key === box)?.label ?? 'Văn bản đến';
  const assignmentBox = !['register', 'pending_registration', 'search'].includes(box);

  return (
    <>
      <PageHeader title={title} subtitle="Văn bản đến" />
      <Card size="small">
        <Space wrap className="list-filters" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder="Tìm số, ký hiệu, trích yếu, cơ quan (không cần dấu)"
            aria-label="Tìm kiếm"
            style={{ width: 320 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage((p) => ({ ...p, page: 1 }));
            }}
          />
          <DatePicker.RangePicker
            format="DD/MM/YYYY"
            placeholder={['Đến từ ngày', 'đến ngày']}
            allowEmpty={[true, true]}
            onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
          />
          <Select
            allowClear
            placeholder="Loại văn bản"
            aria-label="Lọc loại văn bản"
            style={{ width: 170 }}
            showSearch
            optionFilterProp="label"
            options={(types.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
            onChange={setDocType}
          />
          <Select
            allowClear
            placeholder="Độ khẩn"
            aria-label="Lọc độ khẩn"
            style={{ width: 130 }}
            options={URGENCY_OPTIONS}
            onChange={setUrgency}
          />
          <Select
            allowClear
            placeholder="Đơn vị xử lý"
            aria-label="Lọc đơn vị"
            style={{ width: 200 }}
            showSearch
            optionFilterProp="label"
            defaultValue={params.get('unitId') ?? undefined}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            onChange={setUnitId}
          />
          {!assignmentBox && (
            <Select
              allowClear
              placeholder="Trạng thái"
              aria-label="Lọc trạng thái"
              style={{ width: 150 }}
              options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              onChange={setStatus}
            />
          )}
        </Space>
        <ListTable<ListItem>
          rowKey={(r) => r.assignment?.id ?? r.id}
          rowHref={(r) => `/incoming/doc/${r.id}`}
          card={(r) => ({
            title: r.subject,
            meta: (
              <>
                {r.numberNotation && <span>{r.numberNotation}</span>}
                {r.issuingOrganName && <span>{r.issuingOrganName}</span>}
                {r.arrivalNumber ? (
                  <span>
                    Số đến {r.arrivalNumber}, {formatDate(r.arrivalDate)}
                  </span>
                ) : null}
                {r.deadline && (
                  <span style={r.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>
                    Hạn {formatDate(r.deadline)}
                    {r.overdue ? ' (quá hạn)' : ''}
                  </span>
                )}
              </>
            ),
            tags: (
              <>
                <Tag color={STATUS_COLORS[r.status]}>{STATUS_LABELS[r.status]}</Tag>
                {r.urgency !== 'thuong' && <Tag color="volcano">{labelOf(URGENCY_OPTIONS, r.urgency)}</Tag>}
                {r.confidentiality !== 'thuong' && <Tag color="purple">{labelOf(CONF_OPTIONS, r.confidentiality)}</Tag>}
                {r.assignment && <Tag>{ROLE_LABELS[r.assignment.role as keyof typeof ROLE_LABELS]}</Tag>}
              </>
            ),
          })}
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: 'Không có văn bản nào.' }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `${t} văn bản`,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          onChange={(_p, _f, s) => {
            const one = Array.isArray(s) ? s[0] : s;
            setSort(one?.order ? { sort: String(one.field), order: one.order === 'ascend' ? 'asc' : 'desc' } : {});
          }}
          columns={[
            {
              title: 'Số đến',
              dataIndex: 'arrivalNumber',
              width: 80,
              key: 'arrival',
              sorter: true,
              render: (n: number | null, r) => (n ? `${n}` : <Tag>{STATUS_LABELS[r.status]}</Tag>),
            },
            { title: 'Ngày đến', dataIndex: 'arrivalDate', width: 100, render: (d: string | null) => formatDate(d) },
            { title: 'Số, ký hiệu', dataIndex: 'numberNotation', width: 140 },
            { title: 'Cơ quan ban hành', dataIndex: 'issuingOrganName', width: 180 },
            {
              title: 'Trích yếu',
              dataIndex: 'subject',
              render: (s: string, r) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/incoming/doc/${r.id}`}>{s}</Link>
                  <Space size={4} wrap>
                    <span className="muted">{r.typeName}</span>
                    {r.urgency !== 'thuong' && <Tag color="volcano">{labelOf(URGENCY_OPTIONS, r.urgency)}</Tag>}
                    {r.confidentiality !== 'thuong' && (
                      <Tag color="purple">{labelOf(CONF_OPTIONS, r.confidentiality)}</Tag>
                    )}
                    {r.assignment && <Tag>{ROLE_LABELS[r.assignment.role as keyof typeof ROLE_LABELS]}</Tag>}
                  </Space>
                </Space>
              ),
            },
            {
              title: 'Hạn xử lý',
              dataIndex: 'deadline',
              key: 'deadline',
              width: 110,
              sorter: true,
              render: (d: string | null, r) =>
                d ? (
                  <Tooltip title={r.overdue ? 'Quá hạn' : ''}>
                    <span style={r.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>
                      {formatDate(d)}
                      {r.overdue ? ' (quá hạn)' : ''}
                    </span>
                  </Tooltip>
                ) : (
                  ''
                ),
            },
            {
              title: 'Trạng thái',
              dataIndex: 'status',
              width: 120,
              render: (s: ListItem['status']) => <Tag color={STATUS_COLORS[s]}>{STATUS_LABELS[s]}</Tag>,
            },
          ]}
        />
      </Card>
    </>
  );
}
