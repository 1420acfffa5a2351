import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Empty, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { formatDateTime } from '../lib/vn';

interface Notification {
  id: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** In-app notifications (new assignments, reminders): unread count on the bell, latest items in a list. */
export default function NotificationBell() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => api.get<{ unread: number; items: Notification[] }>('/api/notifications'),
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: (id: string) => api.post(`/api/notifications/${id}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const readAll = useMutation({
    mutationFn: () => api.post('/api/notifications/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const items = list.data?.items ?? [];
  const count = list.data?.unread ?? 0;

  const panel = (
    <div className="notification-panel" role="dialog" aria-label="Thông báo">
      <div className="notification-head">
        <Typography.Text strong>Thông báo</Typography.Text>
        <Button type="link" size="small" disabled={count === 0} onClick={() => readAll.mutate()}>
          Đánh dấu đã đọc hết
        </Button>
      </div>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa có thông báo" />
      ) : (
        <ul className="notification-list">
          {items.slice(0, 20).map((n) => (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
              <button
                type="button"
                onClick={() => {
                  if (!n.readAt) read.mutate(n.id);
                  if (n.link) navigate(n.link);
                }}
              >
                <span className="notification-title">{n.title}</span>
                {n.body && <span className="notification-body">{n.body}</span>}
                <span className="notification-time">{formatDateTime(n.createdAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Dropdown trigger={['click']} dropdownRender={() => panel} placement="bottomRight">
      <Button
        type="text"
        aria-label={`Thông báo (${count} chưa đọc)`}
        data-testid="notification-bell"
        className="header-icon-button"
      >
        <Badge count={count} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Dropdown>
  );
}
