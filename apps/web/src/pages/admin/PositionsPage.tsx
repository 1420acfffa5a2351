import { Button, Card, Form, Input, InputNumber, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Position } from '../../api.types';
import PageHeader from '../../components/PageHeader';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { viCompare } from '../../lib/vn';
import { useAdmin } from './AdminScope';
import { usePositions } from './admin.queries';
import { wideScreen } from '../../lib/device';

/** Positions (chức vụ) with their rank: a lower rank is a higher post (Bộ trưởng before Chuyên viên). */
export default function PositionsPage() {
  const { api, key } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const positions = usePositions();
  const [form] = Form.useForm<{ name: string; rank: number }>();
  const create = useMutation({
    mutationFn: (v: { name: string; rank: number }) => api.createPosition({ name: v.name.trim(), rank: v.rank }),
    onSuccess: async (p) => {
      ok(`Đã thêm chức vụ "${p.name}".`);
      form.resetFields();
      await qc.invalidateQueries({ queryKey: key('positions') });
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) fail(e);
    },
  });
  const list = [...(positions.data ?? [])].sort((a, b) => a.rank - b.rank || viCompare(a.name, b.name));

  return (
    <>
      <PageHeader title="Chức vụ" subtitle="Danh mục chức vụ; thứ bậc nhỏ hơn là chức vụ cao hơn" />
      <Card size="small" title="Thêm chức vụ" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={(v) => create.mutate(v)} initialValues={{ rank: 50 }}>
          <Form.Item
            name="name"
            label="Tên chức vụ"
            rules={[{ required: true, whitespace: true, message: 'Nhập tên chức vụ' }]}
          >
            <Input autoFocus={wideScreen()} placeholder="Ví dụ: Phó Vụ trưởng" maxLength={100} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="rank" label="Thứ bậc" rules={[{ required: true, message: 'Nhập thứ bậc' }]}>
            <InputNumber min={0} max={1000} style={{ width: 100 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
              Thêm
            </Button>
          </Space>
        </Form>
      </Card>
      <Card size="small">
        <Table<Position>
          rowKey="id"
          size="small"
          loading={positions.isPending}
          dataSource={list}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: 'Thứ bậc', dataIndex: 'rank', width: 100, sorter: (a, b) => a.rank - b.rank },
            { title: 'Tên chức vụ', dataIndex: 'name', sorter: (a, b) => viCompare(a.name, b.name) },
          ]}
        />
      </Card>
    </>
  );
}
