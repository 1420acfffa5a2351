import { Column } from '@ant-design/plots';
import { Alert, Card, Col, Empty, List, Row, Segmented, Spin, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import PageHeader from '../../components/PageHeader';
import { formatDate } from '../../lib/vn';
import { TRACK_ITEMS, listHref, reportsApi, type Dashboard, type Track } from './reports.api';

/** One number that opens the list it counts. */
function Num({ label, value, href, color }: { label: string; value: number; href: string; color?: string }) {
  return (
    <Link to={href} aria-label={`${label}: ${value}`} style={{ display: 'block' }}>
      <Statistic title={label} value={value} valueStyle={{ fontSize: 20, color: value > 0 ? color : undefined }} />
    </Link>
  );
}

function Counts({
  counts,
  unitId,
  unitName,
}: {
  counts: Dashboard['total'];
  unitId?: string | null;
  unitName: string;
}) {
  return (
    <Row gutter={[8, 8]} role="group" aria-label={unitName}>
      {TRACK_ITEMS.map((t) => (
        <Col key={t.key} xs={8} sm={4}>
          <Num
            label={t.label}
            value={counts[t.key as Track]}
            href={listHref({ track: t.key, unitId })}
            color={t.color}
          />
        </Col>
      ))}
    </Row>
  );
}

function Trend({ data }: { data: Dashboard['weeks'] }) {
  const navigate = useNavigate();
  return (
    <Column
      data={data}
      xField="label"
      yField="received"
      height={220}
      autoFit
      label={{ text: 'received', position: 'inside' }}
      axis={{ y: { title: false }, x: { title: false } }}
      onReady={({ chart }) =>
        chart.on('element:click', (e: { data?: { data?: Dashboard['weeks'][number] } }) => {
          const b = e.data?.data;
          if (b) navigate(listHref({ from: b.from, to: b.to }));
        })
      }
    />
  );
}

/** Báo cáo: the leader dashboard (incoming handling per unit, trends, oldest overdue) and links to O1–O6. */
export default function ReportsPage() {
  const dash = useQuery({ queryKey: ['reports', 'dashboard'], queryFn: reportsApi.dashboard });
  const [period, setPeriod] = useState<'weeks' | 'months'>('weeks');
  const d = dash.data;
  return (
    <>
      <PageHeader
        title="Báo cáo"
        subtitle={d ? `Tình hình xử lý văn bản đến, ngày ${formatDate(d.today)}` : 'Tình hình xử lý văn bản đến'}
      />
      {dash.isError && <Alert type="error" showIcon message={(dash.error as Error).message} />}
      {dash.isLoading && <Spin />}
      {d && (
        <>
          <Card size="small" title="Toàn cơ quan" style={{ marginBottom: 12 }}>
            <Counts counts={d.total} unitName="Toàn cơ quan" />
          </Card>
          <Card size="small" title="Theo đơn vị chủ trì" style={{ marginBottom: 12 }}>
            {d.units.length === 0 ? (
              <Empty description="Chưa có văn bản giao đơn vị" />
            ) : (
              <List
                dataSource={d.units}
                renderItem={(u) => (
                  <List.Item key={u.unitId ?? 'none'} style={{ display: 'block' }}>
                    <Typography.Text strong>{u.unitName}</Typography.Text>
                    <Counts counts={u.counts} unitId={u.unitId} unitName={u.unitName} />
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card
            size="small"
            title="Văn bản đến theo thời gian"
            extra={
              <Segmented
                size="small"
                value={period}
                onChange={(v) => setPeriod(v as 'weeks' | 'months')}
                options={[
                  { value: 'weeks', label: 'Tuần' },
                  { value: 'months', label: 'Tháng' },
                ]}
              />
            }
            style={{ marginBottom: 12 }}
          >
            <Trend data={period === 'weeks' ? d.weeks : d.months} />
            <Row gutter={[8, 8]}>
              {(period === 'weeks' ? d.weeks : d.months).map((b) => (
                <Col key={b.from} xs={6} sm={3}>
                  <Link to={listHref({ from: b.from, to: b.to })} aria-label={`${b.label}: ${b.received}`}>
                    {b.label}: {b.received}
                  </Link>
                </Col>
              ))}
            </Row>
          </Card>
          <Card size="small" title="Quá hạn lâu nhất" style={{ marginBottom: 12 }}>
            <List
              locale={{ emptyText: 'Không có văn bản quá hạn' }}
              dataSource={d.oldestOverdue}
              renderItem={(o) => (
                <List.Item key={o.id}>
                  <List.Item.Meta
                    title={<Link to={`/incoming/doc/${o.id}`}>{o.subject}</Link>}
                    description={`${o.numberNotation} · ${o.issuingOrganName} · hạn ${formatDate(o.deadline)}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </>
      )}
      <Card size="small" title="Sổ và báo cáo theo Nghị định 30/2020 (O1–O6)">
        <List size="small">
          <List.Item>
            <Link to="/incoming/reports">O1 Sổ đăng ký văn bản đến · O2 Báo cáo xử lý văn bản đến (PDF, XLSX)</Link>
          </List.Item>
          <List.Item>
            <Link to="/outgoing/register">O3 Sổ đăng ký văn bản đi · O4 Báo cáo văn bản đi (PDF, XLSX)</Link>
          </List.Item>
          <List.Item>
            <Link to="/workfiles">O5 Danh mục văn bản trong hồ sơ · O6 Danh mục hồ sơ (trong Hồ sơ công việc)</Link>
          </List.Item>
        </List>
      </Card>
    </>
  );
}
