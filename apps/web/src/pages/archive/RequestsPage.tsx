import { Button, Card, Segmented, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDateTime } from '../../lib/vn';
import { archiveApi, MODE_LABEL, REQUEST_LABEL, type AccessRequest, type Me } from './archive.api';

/** Access requests: the head's box of pending requests (approve / reject), and my own requests. */
export default function RequestsPage({ me }: { me: Me }) {
  const [box, setBox] = useState<'pending' | 'mine' | 'all'>(me.head ? 'pending' : 'mine');
  const q = useQuery({ queryKey: ['archive', 'requests', box], queryFn: () => archiveApi.requests(box) });
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { ok, fail } = useNotify();
  const decide = async (r: AccessRequest, approve: boolean) => {
    try {
      await archiveApi.decide(r.id, approve, '');
      ok(approve ? 'Đã duyệt yêu cầu khai thác.' : 'Đã từ chối yêu cầu.');
      void qc.invalidateQueries({ queryKey: ['archive'] });
    } catch (e) {
      fail(e);
    }
  };
  const boxes = [
    ...(me.head ? [{ value: 'pending', label: 'Chờ duyệt' }] : []),
    { value: 'mine', label: 'Của tôi' },
    ...(me.head || me.archivist ? [{ value: 'all', label: 'Tất cả' }] : []),
  ];
  return (
    <>
      <PageHeader title="Yêu cầu khai thác" subtitle="Hồ sơ hạn chế sử dụng, mật: người đứng đầu lưu trữ duyệt" />
      <Card size="small">
        <Segmented style={{ marginBottom: 12 }} value={box} options={boxes} onChange={(v) => setBox(v as typeof box)} />
        <Table<AccessRequest>
          rowKey="id"
          size="small"
          loading={q.isFetching}
          dataSource={q.data ?? []}
          scroll={{ x: 720 }}
          pagination={false}
          locale={{ emptyText: 'Không có yêu cầu.' }}
          onRow={(r) => ({ onClick: () => navigate(`/archive/record/${r.recordId}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: 'Hồ sơ',
              key: 'r',
              render: (_: unknown, r) => (
                <Link to={`/archive/record/${r.recordId}`}>
                  {r.code} — {r.title}
                </Link>
              ),
            },
            {
              title: 'Chế độ',
              dataIndex: 'mode',
              width: 90,
              render: (m: AccessRequest['mode']) => <Tag color={MODE_LABEL[m].color}>{MODE_LABEL[m].label}</Tag>,
            },
            { title: 'Người yêu cầu', dataIndex: 'requesterName', width: 160 },
            { title: 'Mục đích', dataIndex: 'purpose' },
            { title: 'Ngày gửi', dataIndex: 'createdAt', width: 140, render: (d: string) => formatDateTime(d) },
            {
              title: 'Trạng thái',
              dataIndex: 'status',
              width: 100,
              render: (s: string) => <Tag color={REQUEST_LABEL[s]?.color}>{REQUEST_LABEL[s]?.label}</Tag>,
            },
            ...(me.head
              ? [
                  {
                    title: '',
                    key: 'act',
                    width: 170,
                    render: (_: unknown, r: AccessRequest) =>
                      r.status === 'pending' && (
                        <Space onClick={(e) => e.stopPropagation()}>
                          <Button size="small" type="primary" onClick={() => decide(r, true)}>
                            Duyệt
                          </Button>
                          <Button size="small" danger onClick={() => decide(r, false)}>
                            Từ chối
                          </Button>
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </>
  );
}
