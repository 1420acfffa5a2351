import { Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { wideScreen } from '../../lib/device';
import { foldKey, viCompare } from '../../lib/vn';
import { useAdmin } from './AdminScope';
import type { AdminDocType } from './admin.api';
import { useDocTypes, useRegisters } from './admin.queries';
import DocTypeModal, { type DocTypeValues } from './DocTypeModal';
import { compareDocTypes } from './registers.model';

/** Document types (loại văn bản) the organ uses when registering incoming documents and drafting outgoing ones. */
export default function DocTypesPage() {
  const { api, key } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const docTypes = useDocTypes();
  const registers = useRegisters();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<AdminDocType | 'new' | null>(null);
  const needle = foldKey(q);
  const rows = [...(docTypes.data ?? [])]
    .filter((t) => !needle || [t.name, t.code, t.abbr ?? ''].some((s) => foldKey(s).includes(needle)))
    .sort(compareDocTypes);
  const refresh = () => qc.invalidateQueries({ queryKey: key('doc-types') });
  /** Registers limited to a type, named in the deactivation question. */
  const limitedTo = (code: string) =>
    (registers.data ?? []).filter((r) => r.active && r.docTypeCodes?.includes(code)).map((r) => r.name);

  const save = useMutation({
    mutationFn: (v: DocTypeValues) =>
      editing && editing !== 'new'
        ? api.updateDocType(editing.id, { name: v.name, abbr: v.abbr })
        : api.createDocType(v),
    onSuccess: async (t) => {
      ok(`Đã lưu loại văn bản "${t.name}".`);
      setEditing(null);
      await refresh();
    },
  });
  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.updateDocType(id, { active }),
    onSuccess: async (t) => {
      ok(t.active ? `Đã dùng lại loại "${t.name}".` : `Đã ngừng dùng loại "${t.name}".`);
      await refresh();
    },
    onError: fail,
  });

  return (
    <>
      <PageHeader
        title="Loại văn bản"
        subtitle="Danh mục loại văn bản dùng khi vào sổ văn bản đến và soạn văn bản đi"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            Thêm loại văn bản
          </Button>
        }
      />
      <Card size="small">
        <Input.Search
          placeholder="Tìm theo tên, mã, viết tắt"
          aria-label="Tìm loại văn bản"
          allowClear
          autoFocus={wideScreen()}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 320, maxWidth: '100%', marginBottom: 12 }}
        />
        <Table<AdminDocType>
          rowKey="id"
          size="small"
          loading={docTypes.isPending || setActive.isPending}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{
            pageSize: 50,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (t) => `${t} loại văn bản`,
          }}
          locale={{ emptyText: q ? 'Không có loại văn bản phù hợp' : 'Chưa có loại văn bản nào' }}
          columns={[
            { title: 'Mã', dataIndex: 'code', sorter: (a, b) => viCompare(a.code, b.code) },
            {
              title: 'Viết tắt',
              dataIndex: 'abbr',
              sorter: (a, b) => viCompare(a.abbr, b.abbr),
              render: (v: string | null) => v ?? '—',
            },
            {
              title: 'Tên loại văn bản',
              dataIndex: 'name',
              sorter: compareDocTypes,
              render: (v: string, t) => (t.active ? v : <Typography.Text type="secondary">{v}</Typography.Text>),
            },
            {
              title: 'Trạng thái',
              dataIndex: 'active',
              render: (v: boolean) => (v ? <Tag color="green">Đang dùng</Tag> : <Tag>Ngừng dùng</Tag>),
            },
            {
              title: '',
              key: 'x',
              render: (_v, t) => {
                const regs = limitedTo(t.code);
                return (
                  <Space size={0}>
                    <Button type="link" size="small" onClick={() => setEditing(t)} aria-label={`Sửa ${t.name}`}>
                      Sửa
                    </Button>
                    {t.active ? (
                      <Popconfirm
                        title={`Ngừng dùng loại "${t.name}"?`}
                        description={
                          regs.length
                            ? `Không chọn được loại này cho văn bản mới. Sổ đang giới hạn cho loại này: ${regs.join(', ')}.`
                            : 'Không chọn được loại này cho văn bản mới; văn bản đã có giữ nguyên.'
                        }
                        okText="Ngừng dùng"
                        cancelText="Hủy"
                        okButtonProps={{ danger: true }}
                        onConfirm={() => setActive.mutate({ id: t.id, active: false })}
                      >
                        <Button type="link" size="small" danger aria-label={`Ngừng dùng ${t.name}`}>
                          Ngừng dùng
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button
                        type="link"
                        size="small"
                        onClick={() => setActive.mutate({ id: t.id, active: true })}
                        aria-label={`Dùng lại ${t.name}`}
                      >
                        Dùng lại
                      </Button>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      {editing && (
        <DocTypeModal
          docType={editing === 'new' ? null : editing}
          busy={save.isPending}
          onSubmit={(v) => save.mutateAsync(v)}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
