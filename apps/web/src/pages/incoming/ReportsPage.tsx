import { Button, Card, DatePicker, Select, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import PageHeader from '../../components/PageHeader';
import { incomingApi, type HandlingRow } from './incoming.api';

/** O1: the Sổ đăng ký văn bản đến (PDF, XLSX) for a date range; O2: handling per unit. */
export default function ReportsPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [registerId, setRegisterId] = useState<string | undefined>();
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const registers = useQuery({ queryKey: ['incoming', 'registers'], queryFn: incomingApi.registers });
  const report = useQuery({
    queryKey: ['incoming', 'handling', from, to],
    queryFn: () => incomingApi.handling(from, to),
  });
  const q = `from=${from}&to=${to}${registerId ? `&registerId=${registerId}` : ''}`;
  return (
    <>
      <PageHeader title="Sổ và báo cáo văn bản đến" />
      <Card size="small">
        <Space wrap>
          <DatePicker.RangePicker
            format="DD/MM/YYYY"
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
          <Select
            placeholder="Sổ văn bản"
            aria-label="Sổ văn bản"
            style={{ width: 260 }}
            allowClear
            value={registerId}
            onChange={setRegisterId}
            options={(registers.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
          />
          <Button href={`/api/incoming/register.pdf?${q}`} target="_blank">
            In sổ (PDF)
          </Button>
          <Button href={`/api/incoming/register.xlsx?${q}`}>Xuất sổ (XLSX)</Button>
        </Space>
      </Card>
      <Card size="small" title="Tình hình xử lý văn bản đến theo đơn vị" style={{ marginTop: 16 }}>
        <Table<HandlingRow>
          data-testid="handling-report"
          size="small"
          rowKey={(r) => r.unitId ?? 'none'}
          loading={report.isFetching}
          dataSource={report.data?.rows ?? []}
          pagination={false}
          scroll={{ x: 600 }}
          summary={() =>
            report.data ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <b>Tổng cộng</b>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1}>{report.data.total.received}</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{report.data.total.doneOnTime}</Table.Summary.Cell>
                <Table.Summary.Cell index={3}>{report.data.total.doneLate}</Table.Summary.Cell>
                <Table.Summary.Cell index={4}>{report.data.total.inProgress}</Table.Summary.Cell>
                <Table.Summary.Cell index={5}>{report.data.total.overdue}</Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
          columns={[
            { title: 'Đơn vị', dataIndex: 'unitName' },
            { title: 'Tiếp nhận', dataIndex: 'received', width: 100 },
            { title: 'Hoàn thành đúng hạn', dataIndex: 'doneOnTime', width: 120 },
            { title: 'Hoàn thành quá hạn', dataIndex: 'doneLate', width: 120 },
            { title: 'Đang xử lý', dataIndex: 'inProgress', width: 100 },
            {
              title: 'Quá hạn',
              dataIndex: 'overdue',
              width: 90,
              render: (n: number) => <span style={n ? { color: '#cf1322', fontWeight: 600 } : undefined}>{n}</span>,
            },
          ]}
        />
      </Card>
    </>
  );
}
