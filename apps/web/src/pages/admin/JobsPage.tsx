import { Button, Card, Segmented, Table, Tag, Typography } from 'antd';
import { ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Job, JobState } from '../../api.types';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDateTime } from '../../lib/vn';
import { useAdmin } from './AdminScope';

const STATES: { value: JobState; label: string }[] = [
  { value: 'dead', label: 'Thất bại hẳn' },
  { value: 'failed', label: 'Lỗi, đang thử lại' },
  { value: 'pending', label: 'Đang chờ' },
];
const STATE_COLOR: Record<string, string> = { dead: 'red', failed: 'orange', pending: 'blue' };

/** Background jobs (gửi văn bản, thư, OCR…) that failed or wait; retry a failed one. */
export default function JobsPage() {
  const { api, key } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [state, setState] = useState<JobState>('dead');
  const jobs = useQuery({ queryKey: key('jobs', state), queryFn: () => api.jobs(state) });
  const retry = useMutation({
    mutationFn: (id: string) => api.retryJob(id),
    onSuccess: async () => {
      ok('Đã đưa tác vụ vào hàng đợi để chạy lại.');
      await qc.invalidateQueries({ queryKey: key('jobs') });
    },
    onError: fail,
  });

  return (
    <>
      <PageHeader
        title="Tác vụ nền"
        subtitle="Các tác vụ chạy nền bị lỗi hoặc đang chờ"
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void jobs.refetch()}>
            Làm mới
          </Button>
        }
      />
      <Card size="small">
        <Segmented<JobState> options={STATES} value={state} onChange={setState} style={{ marginBottom: 12 }} />
        <Table<Job>
          rowKey="id"
          size="small"
          loading={jobs.isFetching}
          dataSource={jobs.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: 'Không có tác vụ nào' }}
          columns={[
            { title: 'Loại tác vụ', dataIndex: 'kind', render: (v: string) => <code>{v}</code> },
            {
              title: 'Trạng thái',
              dataIndex: 'state',
              render: (v: string) => <Tag color={STATE_COLOR[v]}>{STATES.find((s) => s.value === v)?.label ?? v}</Tag>,
            },
            { title: 'Số lần chạy', key: 'attempts', render: (_v, j) => `${j.attempts}/${j.maxAttempts}` },
            {
              title: 'Lỗi gần nhất',
              dataIndex: 'lastError',
              render: (v: string | null) => (
                <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ maxWidth: 360 }}>
                  {v ?? ''}
                </Typography.Text>
              ),
            },
            { title: 'Chạy lúc', dataIndex: 'runAt', render: (v: string | null) => formatDateTime(v) },
            { title: 'Tạo lúc', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            {
              title: '',
              key: 'x',
              render: (_v, j) =>
                j.state === 'pending' ? null : (
                  <Button
                    size="small"
                    icon={<RedoOutlined />}
                    loading={retry.isPending && retry.variables === j.id}
                    onClick={() => retry.mutate(j.id)}
                  >
                    Chạy lại
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
