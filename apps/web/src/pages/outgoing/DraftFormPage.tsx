import { Button, Card, Col, Form, Input, Row, Select, Space, Upload } from 'antd';
import { InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api';
import { useMe } from '../../auth/AuthProvider';
import PageHeader from '../../components/PageHeader';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { viCompare } from '../../lib/vn';
import { CONF_OPTIONS, URGENCY_OPTIONS } from './labels';
import { outgoingApi, uploadFile } from './outgoing.api';

interface Values {
  docType: string;
  subject: string;
  urgency: string;
  confidentiality: string;
  signerId: string;
  internal?: string[];
  external?: string[];
  answersIncomingId?: string;
}

const SIGNER_ROLES = ['organ_leader', 'office_chief', 'unit_leader'];

/** A new draft: metadata, recipients, signer, the incoming document it answers, the draft file and attachments. */
export default function DraftFormPage() {
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [form] = Form.useForm<Values>();
  const [draft, setDraft] = useState<File | null>(null);
  const [attachments, setAttachments] = useState<File[]>([]);
  const [incomingQ, setIncomingQ] = useState('');
  const andSubmit = useRef(false);
  const types = useQuery({ queryKey: ['outgoing', 'doc-types'], queryFn: outgoingApi.docTypes, staleTime: 600_000 });
  const units = useQuery({ queryKey: ['outgoing', 'units'], queryFn: outgoingApi.units, staleTime: 600_000 });
  const users = useQuery({ queryKey: ['outgoing', 'users'], queryFn: outgoingApi.users, staleTime: 300_000 });
  const organs = useQuery({
    queryKey: ['outgoing', 'external-organs'],
    queryFn: outgoingApi.externalOrgans,
    staleTime: 600_000,
  });
  const incoming = useQuery({
    queryKey: ['outgoing', 'incoming-search', incomingQ],
    queryFn: () => outgoingApi.searchIncoming(incomingQ),
  });
  const confidentiality = Form.useWatch('confidentiality', form);

  const signers = (users.data ?? [])
    .filter(
      (u) => u.active && u.id !== me.id && u.memberships.some((m) => m.roles.some((r) => SIGNER_ROLES.includes(r))),
    )
    .map((u) => ({ value: u.id, label: `${u.fullName} — ${u.memberships[0]?.positionName ?? ''}` }))
    .sort((a, b) => viCompare(a.label, b.label));

  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (!draft) throw new ApiError(400, 'outgoing.no_draft_file', 'Chưa chọn tệp dự thảo (DOCX hoặc PDF).');
      const { id } = await outgoingApi.create({
        docType: v.docType,
        subject: v.subject,
        urgency: v.urgency,
        confidentiality: v.confidentiality,
        signerId: v.signerId,
        answersIncomingId: v.answersIncomingId ?? null,
        recipients: [
          ...(v.internal ?? []).map((unitId) => ({ kind: 'internal' as const, unitId })),
          ...(v.external ?? []).map((organCode) => ({ kind: 'external' as const, organCode })),
        ],
      });
      await uploadFile(id, draft, 'draft', me.csrfToken);
      for (const f of attachments) await uploadFile(id, f, 'attachment', me.csrfToken);
      if (andSubmit.current) await outgoingApi.submit(id);
      return id;
    },
    onSuccess: async (id) => {
      ok(andSubmit.current ? 'Đã lưu và trình dự thảo.' : 'Đã lưu dự thảo.');
      await qc.invalidateQueries({ queryKey: ['outgoing'] });
      navigate(`/outgoing/doc/${id}`);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) fail(e);
    },
  });

  return (
    <>
      <PageHeader title="Soạn dự thảo văn bản đi" subtitle={`Đơn vị soạn thảo: ${me.memberships[0]?.unitName ?? ''}`} />
      <Card size="small">
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ urgency: 'thuong', confidentiality: 'thuong' }}
          onFinish={(v) => save.mutate(v)}
        >
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="docType"
                label="Loại văn bản"
                rules={[{ required: true, message: 'Chưa chọn loại văn bản.' }]}
              >
                <Select
                  autoFocus
                  showSearch
                  optionFilterProp="label"
                  options={(types.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="urgency" label="Độ khẩn">
                <Select options={URGENCY_OPTIONS} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="confidentiality" label="Độ mật">
                <Select options={CONF_OPTIONS} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="subject"
            label="Trích yếu"
            rules={[{ required: true, whitespace: true, message: 'Chưa nhập trích yếu.' }]}
          >
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="signerId" label="Người ký" rules={[{ required: true, message: 'Chưa chọn người ký.' }]}>
                <Select showSearch optionFilterProp="label" options={signers} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="answersIncomingId" label="Trả lời văn bản đến">
                <Select
                  allowClear
                  showSearch
                  filterOption={false}
                  onSearch={setIncomingQ}
                  placeholder="Tìm theo số, ký hiệu, trích yếu"
                  loading={incoming.isFetching}
                  options={(incoming.data ?? []).map((d) => ({
                    value: d.id,
                    label: `${d.numberNotation} — ${d.subject}`,
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="internal" label="Nơi nhận trong cơ quan">
                <Select
                  mode="multiple"
                  showSearch
                  optionFilterProp="label"
                  options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="external"
                label="Cơ quan nhận (liên thông)"
                extra={
                  confidentiality && confidentiality !== 'thuong'
                    ? 'Văn bản mật không gửi qua trục liên thông.'
                    : undefined
                }
              >
                <Select
                  mode="multiple"
                  showSearch
                  optionFilterProp="label"
                  disabled={!!confidentiality && confidentiality !== 'thuong'}
                  options={(organs.data ?? []).map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="Tệp dự thảo (DOCX hoặc PDF)" required>
                <div data-testid="draft-file">
                  <Upload.Dragger
                    maxCount={1}
                    accept=".docx,.pdf,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    beforeUpload={(f) => {
                      setDraft(f);
                      return false;
                    }}
                    onRemove={() => setDraft(null)}
                    fileList={draft ? [{ uid: 'draft', name: draft.name, status: 'done' as const }] : []}
                  >
                    <p className="ant-upload-drag-icon">
                      <InboxOutlined />
                    </p>
                    <p>Kéo thả hoặc bấm để chọn tệp dự thảo</p>
                  </Upload.Dragger>
                </div>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="Tệp đính kèm">
                <div data-testid="attachment-files">
                  <Upload
                    multiple
                    beforeUpload={(f) => {
                      setAttachments((x) => [...x, f]);
                      return false;
                    }}
                    onRemove={(f) => setAttachments((x) => x.filter((y) => y.name !== f.name))}
                    fileList={attachments.map((f, i) => ({
                      uid: `${i}-${f.name}`,
                      name: f.name,
                      status: 'done' as const,
                    }))}
                  >
                    <Button icon={<PaperClipOutlined />}>Chọn tệp đính kèm</Button>
                  </Upload>
                </div>
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending && !andSubmit.current}
              onClick={() => {
                andSubmit.current = false;
              }}
            >
              Lưu dự thảo
            </Button>
            <Button
              htmlType="submit"
              loading={save.isPending && andSubmit.current}
              onClick={() => {
                andSubmit.current = true;
              }}
            >
              Lưu và trình ký
            </Button>
            <Button onClick={() => navigate(-1)}>Hủy</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
