import { Button, Form, Modal, Select, Space, Spin } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { viCompare } from '../../lib/vn';
import { STEP_LABELS } from './labels';
import { outgoingApi, type Step, type StepAction } from './outgoing.api';

interface Values {
  steps: { action: StepAction; actorId: string }[];
}

/** The drafting unit's head or the Office chief adjusts the route: steps in order, the last one is the signature. */
export default function RouteEditModal({
  steps,
  busy,
  onCancel,
  onOk,
}: {
  steps: Step[];
  busy: boolean;
  onCancel: () => void;
  onOk: (steps: Values['steps']) => void;
}) {
  const [form] = Form.useForm<Values>();
  const users = useQuery({ queryKey: ['outgoing', 'users'], queryFn: outgoingApi.users, staleTime: 300_000 });
  const people = (users.data ?? [])
    .filter((u) => u.active && u.memberships.length)
    .map((u) => ({ value: u.id, label: `${u.fullName} — ${u.memberships[0]!.positionName}` }))
    .sort((a, b) => viCompare(a.label, b.label));
  const actions = (Object.keys(STEP_LABELS) as StepAction[]).map((a) => ({ value: a, label: STEP_LABELS[a] }));
  return (
    <Modal
      open
      width={640}
      title="Điều chỉnh quy trình trình ký"
      okText="Lưu quy trình"
      cancelText="Hủy"
      confirmLoading={busy}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {users.isLoading ? (
        <Spin tip="Đang tải danh sách cán bộ…">
          <div style={{ minHeight: 120 }} />
        </Spin>
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            steps: [...steps].sort((a, b) => a.ord - b.ord).map((s) => ({ action: s.action, actorId: s.actorId })),
          }}
          onFinish={(v) => onOk(v.steps)}
        >
          <Form.List
            name="steps"
            rules={[
              {
                validator: async (_r, list: Values['steps'] | undefined) => {
                  if (!list?.length) throw new Error('Quy trình phải có ít nhất một bước.');
                  if (list[list.length - 1]?.action !== 'sign')
                    throw new Error('Bước cuối của quy trình phải là ký ban hành.');
                  if (list.filter((s) => s.action === 'sign').length > 1)
                    throw new Error('Quy trình chỉ có một bước ký ban hành.');
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap>
                    <span>{i + 1}.</span>
                    <Form.Item name={[f.name, 'action']} rules={[{ required: true, message: 'Chọn việc.' }]}>
                      <Select aria-label={`Việc bước ${i + 1}`} style={{ width: 170 }} options={actions} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'actorId']}
                      rules={[{ required: true, message: 'Chọn người thực hiện.' }]}
                    >
                      <Select
                        aria-label={`Người thực hiện bước ${i + 1}`}
                        style={{ width: 300 }}
                        showSearch
                        optionFilterProp="label"
                        options={people}
                      />
                    </Form.Item>
                    <Button aria-label="Xóa bước" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ action: 'review' }, Math.max(0, fields.length - 1))}
                >
                  Thêm bước trước bước ký
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form>
      )}
    </Modal>
  );
}
