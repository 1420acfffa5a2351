import { Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Spin, Tree, type TreeDataNode } from 'antd';
import { ApartmentOutlined, DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Unit } from '../../api.types';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { buildTree, type TreeNode } from '../../lib/tree';
import { useAdmin } from './AdminScope';
import { useUnits } from './admin.queries';
import UnitFormModal, { type UnitDialog } from './UnitFormModal';

function toTreeData(nodes: TreeNode<Unit>[]): TreeDataNode[] {
  return nodes.map((n) => ({
    key: n.item.id,
    title: (
      <span className="unit-node">
        <span className="unit-name">{n.item.name}</span> <span className="unit-abbr">{n.item.abbr}</span>
      </span>
    ),
    children: toTreeData(n.children),
  }));
}

export default function UnitsPage() {
  const { api, key } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const units = useUnits();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<UnitDialog | null>(null);
  const list = useMemo(() => units.data ?? [], [units.data]);
  const tree = useMemo(() => buildTree(list), [list]);
  const allKeys = useMemo(() => list.map((u) => u.id), [list]);
  const selected = list.find((u) => u.id === selectedId) ?? null;
  const parent = selected?.parentId ? list.find((u) => u.id === selected.parentId) : null;
  const childCount = selected ? list.filter((u) => u.parentId === selected.id).length : 0;

  const refresh = () => qc.invalidateQueries({ queryKey: key('units') });
  const save = useMutation({
    mutationFn: async (v: { name: string; abbr: string; parentId: string | null }) => {
      if (!dialog) return;
      if (dialog.mode === 'create') {
        const u = await api.createUnit(v);
        setSelectedId(u.id);
        ok(`Đã thêm đơn vị "${u.name}".`);
      } else if (dialog.mode === 'edit') {
        await api.updateUnit(dialog.unit.id, { name: v.name, abbr: v.abbr });
        ok('Đã lưu đơn vị.');
      } else {
        await api.updateUnit(dialog.unit.id, { parentId: v.parentId });
        ok('Đã chuyển đơn vị.');
      }
      setDialog(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteUnit(id),
    onSuccess: async () => {
      ok('Đã xóa đơn vị.');
      setSelectedId(null);
      await refresh();
    },
    onError: fail,
  });

  return (
    <>
      <PageHeader
        title="Đơn vị"
        subtitle="Cơ cấu tổ chức: các vụ, cục, văn phòng, phòng thuộc cơ quan"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create', parentId: null })}>
            Thêm đơn vị
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={13} lg={14}>
          <Card
            size="small"
            title={
              <>
                <ApartmentOutlined /> Cây đơn vị ({list.length})
              </>
            }
          >
            {units.isPending ? (
              <Spin />
            ) : list.length === 0 ? (
              <Empty description="Chưa có đơn vị nào" />
            ) : (
              <Tree
                key={allKeys.length}
                treeData={toTreeData(tree)}
                defaultExpandedKeys={allKeys}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId(keys[0] ? String(keys[0]) : null)}
                blockNode
                showLine
                data-testid="unit-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={11} lg={10}>
          <Card size="small" title="Thông tin đơn vị">
            {!selected ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chọn một đơn vị trên cây" />
            ) : (
              <>
                <Descriptions column={1} size="small" bordered>
                  <Descriptions.Item label="Tên đơn vị">{selected.name}</Descriptions.Item>
                  <Descriptions.Item label="Viết tắt">{selected.abbr}</Descriptions.Item>
                  <Descriptions.Item label="Trực thuộc">{parent?.name ?? 'Cơ quan'}</Descriptions.Item>
                  <Descriptions.Item label="Đơn vị con">{childCount}</Descriptions.Item>
                </Descriptions>
                <Space wrap style={{ marginTop: 12 }}>
                  <Button icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create', parentId: selected.id })}>
                    Thêm đơn vị con
                  </Button>
                  <Button icon={<EditOutlined />} onClick={() => setDialog({ mode: 'edit', unit: selected })}>
                    Đổi tên
                  </Button>
                  <Button icon={<DragOutlined />} onClick={() => setDialog({ mode: 'move', unit: selected })}>
                    Chuyển
                  </Button>
                  <Popconfirm
                    title={`Xóa đơn vị "${selected.name}"?`}
                    description="Chỉ xóa được đơn vị không còn đơn vị con và cán bộ."
                    okText="Xóa"
                    cancelText="Hủy"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove.mutate(selected.id)}
                  >
                    <Button danger icon={<DeleteOutlined />} loading={remove.isPending}>
                      Xóa
                    </Button>
                  </Popconfirm>
                </Space>
              </>
            )}
          </Card>
        </Col>
      </Row>
      {dialog && (
        <UnitFormModal
          dialog={dialog}
          units={list}
          busy={save.isPending}
          onSubmit={(v) => save.mutateAsync(v)}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
