import { Alert, Button, Card, Col, InputNumber, Row, Select, Space, Table } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { withQuery } from '../../api';
import PageHeader from '../../components/PageHeader';
import { errorMessage } from '../../components/errors';
import { viCompare } from '../../lib/vn';
import { outgoingApi, type SummaryRow } from './outgoing.api';

const SUMMARY_COLUMNS = (first: string) => [
  { title: first, dataIndex: 'name', sorter: (a: SummaryRow, b: SummaryRow) => viCompare(a.name, b.name) },
  { title: 'Đang soạn', dataIndex: 'drafting', align: 'right' as const },
  { title: 'Đang trình', dataIndex: 'inReview', align: 'right' as const },
  { title: 'Đã ký', dataIndex: 'signed', align: 'right' as const },
  { title: 'Đã phát hành', dataIndex: 'issued', align: 'right' as const },
  { title: 'Thu hồi', dataIndex: 'recalled', align: 'right' as const },
  {
    title: 'Tổng',
    dataIndex: 'total',
    align: 'right' as const,
    sorter: (a: SummaryRow, b: SummaryRow) => a.total - b.total,
  },
];

/** Sổ đăng ký văn bản đi (O3, 10 columns; PDF and XLSX) and the O4 report per unit and per signer. */
export default function RegisterPage() {
  const [year, setYear] = useState(new Date().getFullYear());
  const [picked, setPicked] = useState<string | undefined>();
  const registers = useQuery({
    queryKey: ['outgoing', 'registers'],
    queryFn: outgoingApi.registers,
    staleTime: 600_000,
  });
  const registerId = picked ?? registers.data?.find((r) => r.code === 'DI')?.id ?? registers.data?.[0]?.id;
  const book = useQuery({
    queryKey: ['outgoing', 'book', registerId, year],
    queryFn: () => outgoingApi.book(registerId!, year),
    enabled: !!registerId,
  });
  const summary = useQuery({ queryKey: ['outgoing', 'summary', year], queryFn: () => outgoingApi.summary(year) });
  const download = (format: 'pdf' | 'xlsx') =>
    withQuery('/api/outgoing-reports/register', { registerId, year, format });
  const rows = (book.data?.rows ?? []).map((r, i) => ({ key: i, cells: r }));

  return (
    <>
      <PageHeader
        title="Sổ đăng ký văn bản đi"
        subtitle={book.data ? `${book.data.registerName} năm ${book.data.year}` : undefined}
        extra={
          <Space wrap>
            <Button icon={<FilePdfOutlined />} href={download('pdf')} disabled={!registerId}>
              Tải PDF
            </Button>
            <Button icon={<FileExcelOutlined />} href={download('xlsx')} disabled={!registerId}>
              Tải XLSX
            </Button>
          </Space>
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label="Sổ"
            style={{ width: 260 }}
            value={registerId}
            onChange={setPicked}
            options={(registers.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
          />
          <InputNumber aria-label="Năm" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        </Space>
        {book.error && <Alert type="error" message={errorMessage(book.error)} />}
        <Table
          size="small"
          bordered
          loading={book.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, showTotal: (t) => `${t} văn bản` }}
          locale={{ emptyText: 'Sổ chưa có văn bản nào.' }}
          data-testid="register-book"
          columns={(book.data?.columns ?? []).map((title, i) => ({
            title,
            key: String(i),
            render: (_: unknown, r: { cells: string[] }) => r.cells[i],
          }))}
        />
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col span={24}>
          <Card size="small" title={`Văn bản đi theo đơn vị soạn thảo (năm ${year})`}>
            {summary.error ? (
              <Alert type="error" message={errorMessage(summary.error)} />
            ) : (
              <Table<SummaryRow>
                size="small"
                rowKey="name"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={summary.data?.byUnit ?? []}
                columns={SUMMARY_COLUMNS('Đơn vị')}
                data-testid="summary-units"
              />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={`Văn bản đi theo người ký (năm ${year})`}>
            {summary.error ? (
              <Alert type="error" message={errorMessage(summary.error)} />
            ) : (
              <Table<SummaryRow>
                size="small"
                rowKey="name"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={summary.data?.bySigner ?? []}
                columns={SUMMARY_COLUMNS('Người ký')}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
