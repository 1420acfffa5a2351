import { Button, Card, Input, Popconfirm, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ExternalOrgan } from '../../api.types';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { viCompare } from '../../lib/vn';
import { useAdmin } from './AdminScope';
import type { ExternalOrganInput } from './admin.api';
import ExternalOrganModal from './ExternalOrganModal';
import { wideScreen } from '../../lib/device';

/** Directory of outside organs (nơi gửi, nơi nhận): code, name and contacts. */
export default function ExternalOrgansPage() {
  const { api, key } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<ExternalOrgan | 'new' | null>(null);
  const list = useQuery({
    queryKey: key('external-organs', q),
    queryFn: () => api.externalOrgans(q),
    placeholderData: keepPreviousData,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: key('external-organs') });

  const save = useMutation({
    mutationFn: (v: ExternalOrganInput) => {
      const body = {
        code: v.code.trim(),
        name: v.name.trim(),
        email: v.email?.trim() || null,
        phone: v.phone?.trim() || null,
        address: v.address?.trim() || null,
      };
      return editing && editing !== 'new' ? api.updateExternalOrgan(editing.id, body) : api.createExternalOrgan(body);
    },
    onSuccess: async () => {
      ok('Đã lưu cơ quan.');
      setEditing(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteExternalOrgan(id),
    onSuccess: async () => {
      ok('Đã xóa cơ quan.');
      await refresh();
    },
    onError: fail,
  });
  const rows = [...(list.data ?? [])].sort((a, b) => viCompare(a.name, b.name));

  return (
    <>
      <PageHeader
        title="Cơ quan ngoài"
        subtitle="Danh bạ cơ quan, tổ chức gửi và nhận văn bản"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            Thêm cơ quan
          </Button>
        }
      />
      <Card size="small">
        <Input.Search
          placeholder="Tìm theo mã, tên cơ quan"
          allowClear
          autoFocus={wideScreen()}
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 340, maxWidth: '100%', marginBottom: 12 }}
        />
        <Table<ExternalOrgan>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: 'Chưa có cơ quan nào' }}
          columns={[
            { title: 'Mã định danh', dataIndex: 'code', sorter: (a, b) => viCompare(a.code, b.code) },
            {
              title: 'Tên cơ quan',
              dataIndex: 'name',
              sorter: (a, b) => viCompare(a.name, b.name),
              defaultSortOrder: 'ascend',
            },
            { title: 'Thư điện tử', dataIndex: 'email' },
            { title: 'Điện thoại', dataIndex: 'phone' },
            { title: 'Địa chỉ', dataIndex: 'address' },
            {
              title: '',
              key: 'x',
              render: (_v, o) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(o)}>
                    Sửa
                  </Button>
                  <Popconfirm
                    title={`Xóa "${o.name}"?`}
                    okText="Xóa"
                    cancelText="Hủy"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove.mutate(o.id)}
                  >
                    <Button type="link" size="small" danger>
                      Xóa
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <ExternalOrganModal
          organ={editing === 'new' ? null : editing}
          busy={save.isPending}
          onSubmit={(v) => save.mutateAsync(v)}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
