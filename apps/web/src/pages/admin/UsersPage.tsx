import { Button, Card, Input, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminUser } from '../../api.types';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { roleLabel } from '../../lib/labels';
import { viCompare } from '../../lib/vn';
import { useAdmin } from './AdminScope';
import { useOrgOptions } from './admin.queries';
import UserCreateModal from './UserCreateModal';
import UserDrawer from './UserDrawer';
import UnitSelect from './UnitSelect';
import { wideScreen } from '../../lib/device';

const primaryOf = (u: AdminUser) => u.memberships.find((m) => m.primary) ?? u.memberships[0];

/** Vietnamese name order sorts by given name (the last word), then the whole name. */
function byGivenName(a: AdminUser, b: AdminUser): number {
  const last = (s: string) => s.trim().split(/\s+/).pop() ?? '';
  return viCompare(last(a.fullName), last(b.fullName)) || viCompare(a.fullName, b.fullName);
}

function status(u: AdminUser) {
  if (!u.active) return <Tag>Ngừng hoạt động</Tag>;
  if (u.locked) return <Tag color="red">Đang bị khóa</Tag>;
  return <Tag color="green">Hoạt động</Tag>;
}

export default function UsersPage() {
  const { api, key } = useAdmin();
  const qc = useQueryClient();
  const { ok } = useNotify();
  const [q, setQ] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const { unitOptions } = useOrgOptions();
  const users = useQuery({
    queryKey: key('users', q, unitId ?? ''),
    queryFn: () => api.users({ q, unitId }),
    placeholderData: keepPreviousData,
  });
  const list = [...(users.data ?? [])].sort(byGivenName);
  const open = list.find((u) => u.id === openId) ?? null;
  const refresh = () => qc.invalidateQueries({ queryKey: key('users') });

  return (
    <>
      <PageHeader
        title="Người dùng"
        subtitle="Cán bộ, công chức, viên chức có tài khoản trong hệ thống"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            Thêm người dùng
          </Button>
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }} className="filter-bar">
          <Input.Search
            placeholder="Tìm theo họ tên, tên đăng nhập, thư điện tử"
            allowClear
            autoFocus={wideScreen()}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 320, maxWidth: '100%' }}
            aria-label="Tìm người dùng"
          />
          <UnitSelect
            placeholder="Lọc theo đơn vị"
            allowClear
            options={unitOptions}
            value={unitId}
            onChange={(v: string | undefined) => setUnitId(v)}
            style={{ width: 280, maxWidth: '100%' }}
            aria-label="Lọc theo đơn vị"
          />
        </Space>
        <Table<AdminUser>
          rowKey="id"
          size="small"
          loading={users.isFetching}
          dataSource={list}
          scroll={{ x: 'max-content' }}
          pagination={{
            pageSize: 20,
            showSizeChanger: false,
            showTotal: (t) => `${t} người dùng`,
            hideOnSinglePage: true,
          }}
          onRow={(u) => ({ onClick: () => setOpenId(u.id), className: 'clickable-row' })}
          locale={{ emptyText: 'Không có người dùng phù hợp' }}
          columns={[
            {
              title: 'Họ và tên',
              dataIndex: 'fullName',
              sorter: byGivenName,
              render: (v: string, u) => (
                <a
                  href={`#${u.username}`}
                  onClick={(e) => {
                    e.preventDefault();
                    setOpenId(u.id);
                  }}
                >
                  {v}
                </a>
              ),
            },
            { title: 'Tên đăng nhập', dataIndex: 'username', sorter: (a, b) => viCompare(a.username, b.username) },
            {
              title: 'Đơn vị',
              key: 'unit',
              render: (_v, u) => primaryOf(u)?.unitName ?? '—',
              sorter: (a, b) => viCompare(primaryOf(a)?.unitName, primaryOf(b)?.unitName),
            },
            { title: 'Chức vụ', key: 'position', render: (_v, u) => primaryOf(u)?.positionName ?? '—' },
            {
              title: 'Vai trò',
              key: 'roles',
              render: (_v, u) =>
                [...new Set(u.memberships.flatMap((m) => m.roles))].map((r) => <Tag key={r}>{roleLabel(r)}</Tag>),
            },
            { title: 'Trạng thái', key: 'status', render: (_v, u) => status(u) },
          ]}
        />
      </Card>
      {creating && (
        <UserCreateModal
          defaultUnitId={unitId}
          onClose={() => setCreating(false)}
          onDone={async (u) => {
            setCreating(false);
            ok(`Đã tạo người dùng "${u.username}".`);
            await refresh();
          }}
        />
      )}
      {open && <UserDrawer user={open} onChanged={refresh} onClose={() => setOpenId(null)} />}
    </>
  );
}
