import { Button, Card, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { todayVN } from '@vanthu/vn';
import { useState } from 'react';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { viCompare } from '../../lib/vn';
import { useAdmin } from './AdminScope';
import type { AdminRegister, RegisterInput, RegisterKind } from './admin.api';
import { useDocTypes, useRegisters } from './admin.queries';
import RegisterModal from './RegisterModal';
import { compareRegisters, isLastGeneral, KIND_LABELS, KIND_ORDER, limitNames, nextSortOrder } from './registers.model';

type Filter = RegisterKind | 'all';
const EMPTY: Record<Filter, string> = {
  all: 'Chưa có sổ nào',
  incoming: 'Chưa có sổ văn bản đến',
  // Default registers (DI, DI-MAT, SAO) are created with the organ; an empty list means the admin removed or filtered them.
  outgoing: 'Chưa có sổ văn bản đi. Thêm sổ (ví dụ DI cho văn bản đi, DI-MAT cho văn bản mật) để văn thư cấp số.',
  copy: 'Chưa có sổ bản sao. Thêm sổ (ví dụ SAO) để văn thư cấp số bản sao.',
};
const SHOWN_TYPES = 3;

/** Registers (sổ văn bản) of the organ: each numbers its documents on its own, from 1 every year. */
export default function RegistersPage() {
  const { api, key } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const registers = useRegisters();
  const docTypes = useDocTypes();
  const [filter, setFilter] = useState<Filter>('all');
  const [editing, setEditing] = useState<AdminRegister | 'new' | null>(null);
  const year = todayVN().slice(0, 4);
  const all = [...(registers.data ?? [])].sort(compareRegisters);
  const rows = filter === 'all' ? all : all.filter((r) => r.kind === filter);
  const types = docTypes.data ?? [];
  const refresh = () => qc.invalidateQueries({ queryKey: key('registers') });

  const save = useMutation({
    mutationFn: (v: RegisterInput) =>
      editing && editing !== 'new'
        ? api.updateRegister(editing.id, {
            name: v.name,
            confidential: v.confidential,
            docTypeCodes: v.docTypeCodes,
            sortOrder: v.sortOrder,
          })
        : api.createRegister(v),
    onSuccess: async (r) => {
      ok(`Đã lưu sổ "${r.name}".`);
      setEditing(null);
      await refresh();
    },
  });
  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.updateRegister(id, { active }),
    onSuccess: async (r) => {
      ok(r.active ? `Đã dùng lại sổ "${r.name}".` : `Đã ngừng dùng sổ "${r.name}".`);
      await refresh();
    },
    onError: fail,
  });

  const count = (k: RegisterKind) => all.filter((r) => r.kind === k).length;
  const defaultKind: RegisterKind = filter === 'all' ? 'incoming' : filter;

  return (
    <>
      <PageHeader
        title="Sổ văn bản"
        subtitle="Sổ đăng ký văn bản đến, văn bản đi và bản sao; mỗi sổ đánh số riêng, từ số 1 mỗi năm"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            Thêm sổ
          </Button>
        }
      />
      <Card size="small">
        <Segmented<Filter>
          aria-label="Lọc theo loại sổ"
          style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: `Tất cả (${all.length})` },
            ...KIND_ORDER.map((k) => ({ value: k, label: `${KIND_LABELS[k]} (${count(k)})` })),
          ]}
        />
        <Table<AdminRegister>
          rowKey="id"
          size="small"
          loading={registers.isPending || setActive.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: EMPTY[filter] }}
          columns={[
            ...(filter === 'all'
              ? [{ title: 'Loại sổ', key: 'kind', render: (_v: unknown, r: AdminRegister) => KIND_LABELS[r.kind] }]
              : []),
            { title: 'Mã', dataIndex: 'code', sorter: (a, b) => viCompare(a.code, b.code) },
            {
              title: 'Tên sổ',
              dataIndex: 'name',
              sorter: (a, b) => viCompare(a.name, b.name),
              render: (v: string, r) => (r.active ? v : <Typography.Text type="secondary">{v}</Typography.Text>),
            },
            {
              title: 'Độ mật',
              dataIndex: 'confidential',
              render: (v: boolean) => (v ? <Tag color="red">Mật</Tag> : <Tag>Thường</Tag>),
            },
            {
              title: 'Loại văn bản',
              key: 'types',
              render: (_v, r) => {
                const names = limitNames(r, types);
                if (!names) return <Tag color="blue">Tất cả</Tag>;
                const more = names.length - SHOWN_TYPES;
                return (
                  <Space size={[0, 4]} wrap>
                    {names.slice(0, SHOWN_TYPES).map((n) => (
                      <Tag key={n}>{n}</Tag>
                    ))}
                    {more > 0 && <Tag title={names.slice(SHOWN_TYPES).join(', ')}>+{more}</Tag>}
                  </Space>
                );
              },
            },
            {
              title: `Số đã cấp năm ${year}`,
              dataIndex: 'lastNumber',
              align: 'right',
              sorter: (a, b) => (a.lastNumber ?? 0) - (b.lastNumber ?? 0),
              render: (v: number | undefined) => <span data-testid="register-issued">{v ?? 0}</span>,
            },
            { title: 'Thứ tự', dataIndex: 'sortOrder', align: 'right', sorter: (a, b) => a.sortOrder - b.sortOrder },
            {
              title: 'Trạng thái',
              dataIndex: 'active',
              render: (v: boolean) => (v ? <Tag color="green">Đang dùng</Tag> : <Tag>Ngừng dùng</Tag>),
            },
            {
              title: '',
              key: 'x',
              render: (_v, r) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(r)} aria-label={`Sửa ${r.name}`}>
                    Sửa
                  </Button>
                  {r.active ? (
                    <Popconfirm
                      title={`Ngừng dùng "${r.name}"?`}
                      description={
                        isLastGeneral(r, all)
                          ? `Đây là sổ chung duy nhất đang dùng cho ${KIND_LABELS[r.kind].toLowerCase()} ${r.confidential ? 'mật' : 'thường'}: sau khi ngừng, không vào sổ được văn bản loại này cho đến khi có sổ khác.`
                          : 'Văn bản mới không vào sổ này nữa; số đã cấp được giữ nguyên.'
                      }
                      okText="Ngừng dùng"
                      cancelText="Hủy"
                      okButtonProps={{ danger: true }}
                      onConfirm={() => setActive.mutate({ id: r.id, active: false })}
                    >
                      <Button type="link" size="small" danger aria-label={`Ngừng dùng ${r.name}`}>
                        Ngừng dùng
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setActive.mutate({ id: r.id, active: true })}
                      aria-label={`Dùng lại ${r.name}`}
                    >
                      Dùng lại
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <RegisterModal
          register={editing === 'new' ? null : editing}
          defaultKind={defaultKind}
          sortOrderFor={(k) => nextSortOrder(k, all)}
          docTypes={types}
          busy={save.isPending}
          onSubmit={(v) => save.mutateAsync(v)}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
