import { Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { ApiResponse } from '../../api/contract';
import { formatDateTime } from '../../lib/vn';

type MailRow = ApiResponse<'/api/exchange/mail'>[number];

/** Mails to the văn thư's mailbox: accepted ones open their "chờ vào sổ" document; refused ones say why. */
export default function MailInTable({ organId }: { organId?: string }) {
  const mail = useQuery({
    queryKey: ['exchange', 'mail', organId ?? ''],
    queryFn: () => api.get<MailRow[]>('/api/exchange/mail', organId ? { organId } : undefined),
  });
  return (
    <Table<MailRow>
      rowKey="id"
      size="small"
      loading={mail.isLoading}
      dataSource={mail.data ?? []}
      pagination={{ pageSize: 20 }}
      scroll={{ x: 720 }}
      locale={{ emptyText: 'Chưa có thư gửi đến hộp thư văn thư.' }}
      columns={[
        { title: 'Nhận lúc', key: 'at', width: 140, render: (_v, r) => formatDateTime(r.receivedAt) },
        { title: 'Người gửi', dataIndex: 'sender', width: 200 },
        {
          title: 'Tiêu đề',
          key: 'subject',
          render: (_v, r) =>
            r.incomingId ? (
              <Link to={`/incoming/doc/${r.incomingId}`}>{r.subject || '(không tiêu đề)'}</Link>
            ) : (
              r.subject
            ),
        },
        {
          title: 'Kết quả',
          key: 'status',
          width: 260,
          render: (_v, r) => (
            <>
              <Tag color={r.status === 'accepted' ? 'green' : 'red'}>
                {r.status === 'accepted' ? 'Đã nhận' : 'Từ chối'}
              </Tag>
              {r.reason && <Typography.Text type="secondary">{r.reason}</Typography.Text>}
            </>
          ),
        },
      ]}
    />
  );
}
