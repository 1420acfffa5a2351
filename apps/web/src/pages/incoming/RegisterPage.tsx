import {
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Upload,
} from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api';
import { useMe } from '../../auth/AuthProvider';
import PageHeader from '../../components/PageHeader';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { CONF_OPTIONS, URGENCY_OPTIONS, incomingApi, registerPaper } from './incoming.api';

interface Values {
  docTypeCode: string;
  number: string;
  notation: string;
  issuedDate: Dayjs;
  issuingOrganName: string;
  subject: string;
  signerPosition?: string;
  signerName?: string;
  urgency: string;
  confidentiality: string;
  pageCount?: number;
  recipients?: string;
  arrivalDate?: Dayjs;
  deadline?: Dayjs;
  description?: string;
  presentKind: 'none' | 'user' | 'unit';
  presentUserId?: string;
  presentUnitId?: string;
  presentNote?: string;
}

/** The clerk registers a scanned paper document (F1b, F1đ, F1g, F1h). */
export default function RegisterPage() {
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const { ok, fail } = useNotify();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const [organQ, setOrganQ] = useState('');
  const types = useQuery({ queryKey: ['incoming', 'doc-types'], queryFn: incomingApi.docTypes, staleTime: 600_000 });
  const organs = useQuery({
    queryKey: ['incoming', 'external', organQ],
    queryFn: () => incomingApi.externalOrgans(organQ),
  });
  const users = useQuery({ queryKey: ['incoming', 'users'], queryFn: incomingApi.users, staleTime: 300_000 });
  const units = useQuery({ queryKey: ['incoming', 'units'], queryFn: incomingApi.units, staleTime: 600_000 });
  const presentKind = Form.useWatch('presentKind', form);
  const leaders = (users.data ?? []).filter((u) =>
    u.memberships.some((m) => m.roles.includes('organ_leader') || m.roles.includes('office_chief')),
  );

  const save = useMutation({
    mutationFn: async ({ v, confirmDuplicate }: { v: Values; confirmDuplicate: boolean }) => {
      const organ = (organs.data ?? []).find((o) => o.name === v.issuingOrganName);
      const meta = {
        docTypeCode: v.docTypeCode,
        number: v.number,
        notation: v.notation,
        issuedDate: v.issuedDate?.format('YYYY-MM-DD'),
        ...(organ ? { issuingOrganId: organ.id } : { issuingOrganName: v.issuingOrganName }),
        subject: v.subject,
        signerPosition: v.signerPosition || null,
        signerName: v.signerName || null,
        urgency: v.urgency,
        confidentiality: v.confidentiality,
        pageCount: v.pageCount ?? null,
        recipients: v.recipients || null,
        description: v.description || null,
        arrivalDate: v.arrivalDate?.format('YYYY-MM-DD'),
        deadline: v.deadline?.format('YYYY-MM-DD') ?? null,
        confirmDuplicate,
        ...(v.presentKind === 'user' && v.presentUserId
          ? { presentTo: { userId: v.presentUserId, note: v.presentNote || null } }
          : {}),
        ...(v.presentKind === 'unit' && v.presentUnitId
          ? { presentTo: { unitId: v.presentUnitId, note: v.presentNote || null } }
          : {}),
      };
      return registerPaper(meta, files, me.csrfToken);
    },
    onSuccess: async (r) => {
      ok(`Đã vào sổ: số đến ${r.arrivalNumber} (${r.registerName}).`);
      await qc.invalidateQueries({ queryKey: ['incoming'] });
      navigate(`/incoming/doc/${r.id}`);
    },
    onError: (e, vars) => {
      if (e instanceof ApiError && e.code === 'incoming.duplicate') {
        const dups = (e.details?.duplicates ?? []) as {
          arrivalNumber: number | null;
          numberNotation: string;
          subject: string;
        }[];
        modal.confirm({
          title: 'Văn bản có thể đã được vào sổ',
          content: (
            <div>
              <p>Đã có văn bản trùng cơ quan ban hành, số, ký hiệu và năm (hoặc trùng mã định danh):</p>
              <ul>
                {dups.map((d, i) => (
                  <li key={i}>
                    Số đến {d.arrivalNumber ?? '—'}: {d.numberNotation} — {d.subject}
                  </li>
                ))}
              </ul>
              <p>Vẫn vào sổ? Cảnh báo sẽ được ghi vào lịch sử xử lý.</p>
            </div>
          ),
          okText: 'Vẫn vào sổ',
          cancelText: 'Hủy',
          onOk: () => save.mutate({ v: vars.v, confirmDuplicate: true }),
        });
        return;
      }
      if (!applyFieldErrors(form, e)) fail(e);
    },
  });

  return (
    <>
      <PageHeader title="Vào sổ văn bản đến" subtitle="Văn bản giấy: tải bản quét và nhập thông tin văn bản" />
      <Card size="small">
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ urgency: 'thuong', confidentiality: 'thuong', presentKind: 'user', arrivalDate: dayjs() }}
          onFinish={(v) => {
            if (!files.length) return fail(new ApiError(400, 'incoming.no_file', 'Chưa đính kèm bản quét văn bản.'));
            save.mutate({ v, confirmDuplicate: false });
          }}
        >
          <Form.Item label="Bản quét (PDF hoặc ảnh)" required>
            <Upload.Dragger
              multiple
              accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/*"
              beforeUpload={(f) => {
                setFiles((x) => [...x, f]);
                return false;
              }}
              onRemove={(f) => setFiles((x) => x.filter((y) => y.name !== f.name))}
              fileList={files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, status: 'done' as const }))}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p>Kéo thả hoặc bấm để chọn tệp quét văn bản</p>
            </Upload.Dragger>
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item
                name="docTypeCode"
                label="Loại văn bản"
                rules={[{ required: true, message: 'Chưa chọn loại văn bản.' }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={(types.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="number" label="Số" rules={[{ required: true, message: 'Chưa nhập số văn bản.' }]}>
                <Input maxLength={11} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="notation" label="Ký hiệu" rules={[{ required: true, message: 'Chưa nhập ký hiệu.' }]}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="issuedDate"
                label="Ngày văn bản"
                rules={[{ required: true, message: 'Chưa nhập ngày văn bản.' }]}
              >
                <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} placeholder="dd/mm/yyyy" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="issuingOrganName"
                label="Cơ quan ban hành"
                rules={[{ required: true, message: 'Chưa nhập cơ quan ban hành.' }]}
              >
                <AutoComplete
                  options={(organs.data ?? []).map((o) => ({ value: o.name, label: `${o.name} (${o.code})` }))}
                  onSearch={setOrganQ}
                  placeholder="Chọn trong danh bạ hoặc nhập tên"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="signerName" label="Người ký">
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="signerPosition" label="Chức vụ người ký">
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="subject" label="Trích yếu" rules={[{ required: true, message: 'Chưa nhập trích yếu.' }]}>
                <Input.TextArea rows={2} maxLength={500} showCount />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="urgency" label="Độ khẩn">
                <Select options={URGENCY_OPTIONS} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="confidentiality" label="Độ mật">
                <Select options={CONF_OPTIONS} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="pageCount" label="Số trang" tooltip="Để trống: tự đếm từ tệp PDF">
                <InputNumber min={1} max={999} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="arrivalDate" label="Ngày đến">
                <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="recipients" label="Nơi nhận">
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="deadline" label="Hạn xử lý (nếu có)">
                <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} placeholder="dd/mm/yyyy" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="description" label="Ghi chú">
                <Input maxLength={500} />
              </Form.Item>
            </Col>
          </Row>
          <Card size="small" type="inner" title="Trình, chuyển" style={{ marginBottom: 16 }}>
            <Form.Item name="presentKind" label="Sau khi vào sổ">
              <Radio.Group
                options={[
                  { value: 'user', label: 'Trình lãnh đạo' },
                  { value: 'unit', label: 'Chuyển đơn vị' },
                  { value: 'none', label: 'Để sau' },
                ]}
              />
            </Form.Item>
            {presentKind === 'user' && (
              <Form.Item name="presentUserId" label="Lãnh đạo">
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={leaders.map((u) => ({
                    value: u.id,
                    label: `${u.fullName} — ${u.memberships[0]?.positionName ?? ''}`,
                  }))}
                />
              </Form.Item>
            )}
            {presentKind === 'unit' && (
              <Form.Item name="presentUnitId" label="Đơn vị">
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                />
              </Form.Item>
            )}
            {presentKind !== 'none' && (
              <Form.Item name="presentNote" label="Ý kiến trình">
                <Input maxLength={1000} />
              </Form.Item>
            )}
          </Card>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Vào sổ
          </Button>
        </Form>
      </Card>
    </>
  );
}
