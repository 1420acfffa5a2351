import { Button, Card, Form, Input, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Organ } from '../../api.types';
import { useMe } from '../../auth/AuthProvider';
import PageHeader from '../../components/PageHeader';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { viCompare } from '../../lib/vn';
import { validateOrganCode } from '@vanthu/vn';
import { useAdmin } from './AdminScope';

/** The same check as the server (@vanthu/vn), so a wrong code is caught while typing. */
const organCodeRule = {
  validator: (_r: unknown, value: string | undefined) => {
    if (!value) return Promise.resolve();
    const v = validateOrganCode(value, { strict: true });
    return v.ok ? Promise.resolve() : Promise.reject(new Error(v.message));
  },
};

/** Organs (tenants). The system administrator sees all and creates new ones, and picks the organ to administer. */
export default function OrgansPage() {
  const me = useMe();
  const { api, organId, setOrganId } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [form] = Form.useForm<{ code: string; name: string; abbr: string }>();
  const organs = useQuery({ queryKey: ['admin', 'organs'], queryFn: api.organs });
  const create = useMutation({
    mutationFn: (v: { code: string; name: string; abbr: string }) =>
      api.createOrgan({ code: v.code.trim(), name: v.name.trim(), abbr: v.abbr.trim() }),
    onSuccess: async (o) => {
      ok(`Đã tạo cơ quan "${o.name}".`);
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ['admin', 'organs'] });
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) fail(e);
    },
  });
  const current = organId ?? me.organ.id;

  return (
    <>
      <PageHeader
        title="Cơ quan"
        subtitle={me.sysadmin ? 'Các cơ quan sử dụng hệ thống; chọn cơ quan để quản trị' : 'Cơ quan của bạn'}
      />
      {me.sysadmin && (
        <Card size="small" title="Thêm cơ quan" style={{ marginBottom: 16 }}>
          <Form form={form} layout="inline" onFinish={(v) => create.mutate(v)}>
            <Form.Item name="code" label="Mã định danh" rules={[{ required: true, message: 'Nhập mã' }, organCodeRule]}>
              <Input autoFocus placeholder="000.00.00.G09" maxLength={13} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item
              name="name"
              label="Tên cơ quan"
              rules={[{ required: true, whitespace: true, message: 'Nhập tên' }]}
            >
              <Input maxLength={200} style={{ width: 280 }} />
            </Form.Item>
            <Form.Item
              name="abbr"
              label="Viết tắt"
              rules={[{ required: true, whitespace: true, message: 'Nhập tên viết tắt' }]}
            >
              <Input maxLength={20} style={{ width: 100 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
              Thêm
            </Button>
          </Form>
        </Card>
      )}
      <Card size="small">
        <Table<Organ>
          rowKey="id"
          size="small"
          loading={organs.isPending}
          dataSource={[...(organs.data ?? [])].sort((a, b) => viCompare(a.name, b.name))}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: 'Mã định danh', dataIndex: 'code' },
            {
              title: 'Tên cơ quan',
              dataIndex: 'name',
              render: (v: string, o) =>
                o.id === current ? (
                  <>
                    {v} <Tag color="blue">Đang quản trị</Tag>
                  </>
                ) : (
                  v
                ),
            },
            { title: 'Viết tắt', dataIndex: 'abbr' },
            ...(me.sysadmin
              ? [
                  {
                    title: '',
                    key: 'x',
                    render: (_v: unknown, o: Organ) =>
                      o.id === current ? null : (
                        <Button
                          size="small"
                          type="link"
                          onClick={() => setOrganId(o.id === me.organ.id ? undefined : o.id)}
                        >
                          Quản trị cơ quan này
                        </Button>
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
