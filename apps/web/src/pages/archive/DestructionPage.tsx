import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDate, formatDateTime } from '../../lib/vn';
import { archiveApi, DESTRUCTION_LABEL, retentionText, type Candidate, type DestructionItem } from './archive.api';

/** Xem xét hủy: records past retention, proposed for destruction in a list with its explanatory note; the destruction files. */
export default function DestructionPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { fail } = useNotify();
  const cands = useQuery({ queryKey: ['archive', 'candidates'], queryFn: archiveApi.candidates });
  const list = useQuery({ queryKey: ['archive', 'destructions'], queryFn: archiveApi.destructions });
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ title: string; note: string }>();
  const propose = async () => {
    const v = await form.validateFields();
    try {
      const d = await archiveApi.propose({ ...v, recordIds: selected });
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ['archive'] });
      navigate(`/archive/destruction/${d.id}`);
    } catch (e) {
      fail(e);
    }
  };
  return (
    <>
      <PageHeader title="Xem xét hủy" subtitle="Hồ sơ đã hết thời hạn bảo quản (TT 06/2025/TT-BNV)" />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Table<Candidate>
          rowKey="id"
          size="small"
          dataSource={cands.data ?? []}
          pagination={false}
          scroll={{ x: 640 }}
          locale={{ emptyText: 'Không có hồ sơ hết thời hạn bảo quản.' }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (k) => setSelected(k as string[]),
            getCheckboxProps: (r) => ({ disabled: r.onHold || r.proposed }),
          }}
          onRow={(r) => ({ onClick: () => navigate(`/archive/record/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: 'Mã hồ sơ', dataIndex: 'code', width: 220 },
            { title: 'Tiêu đề', dataIndex: 'title' },
            { title: 'Thời hạn', dataIndex: 'retention', width: 90, render: retentionText },
            { title: 'Hết hạn', dataIndex: 'retentionEnded', width: 110, render: (d: string) => formatDate(d) },
            {
              title: '',
              key: 's',
              width: 140,
              render: (_: unknown, r) =>
                r.onHold ? <Tag color="purple">Phong tỏa</Tag> : r.proposed ? <Tag>Đang xét hủy</Tag> : null,
            },
          ]}
        />
        <Button style={{ marginTop: 12 }} type="primary" disabled={!selected.length} onClick={() => setOpen(true)}>
          Lập danh mục đề nghị hủy ({selected.length})
        </Button>
      </Card>
      <Card size="small" title="Hồ sơ xét hủy">
        <Table<DestructionItem>
          rowKey="id"
          size="small"
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: 'Chưa có.' }}
          onRow={(r) => ({ onClick: () => navigate(`/archive/destruction/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: 'Tên', dataIndex: 'title' },
            { title: 'Số hồ sơ', dataIndex: 'itemCount', width: 90 },
            { title: 'Bước', dataIndex: 'status', width: 180, render: (s: string) => DESTRUCTION_LABEL[s] ?? s },
            { title: 'Ngày lập', dataIndex: 'createdAt', width: 140, render: (d: string) => formatDateTime(d) },
          ]}
        />
      </Card>
      <Modal
        open={open}
        title="Danh mục tài liệu hết giá trị đề nghị hủy"
        okText="Lập"
        cancelText="Hủy"
        onCancel={() => setOpen(false)}
        onOk={propose}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="title" label="Tên danh mục" rules={[{ required: true, message: 'Nhập tên' }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="note" label="Bản thuyết minh" rules={[{ required: true, message: 'Nhập bản thuyết minh' }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={20000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

type Step = 'council' | 'review' | 'appraisal' | 'decide' | 'execute' | 'cancel';
const STEP_TITLE: Record<Step, string> = {
  council: 'Quyết định thành lập Hội đồng',
  review: 'Biên bản họp Hội đồng',
  appraisal: 'Thẩm định của cơ quan có thẩm quyền',
  decide: 'Quyết định hủy',
  execute: 'Thực hiện hủy (biên bản hủy)',
  cancel: 'Dừng xét hủy',
};

/** One destruction: the list, each step's record, the buttons of the next step, the residual record after destruction. */
export function DestructionDetailPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const q = useQuery({ queryKey: ['archive', 'destruction', id], queryFn: () => archiveApi.destruction(id) });
  const users = useQuery({ queryKey: ['archive', 'users'], queryFn: archiveApi.users, staleTime: 600_000 });
  const [step, setStep] = useState<Step | null>(null);
  const [form] = Form.useForm<{
    councilRef?: string;
    members?: string[];
    text?: string;
    decisionRef?: string;
    decisionDate?: Dayjs;
  }>();
  const d = q.data;
  if (q.error) return <Alert type="error" showIcon message={(q.error as Error).message} />;
  if (!d) return <Card loading />;
  const run = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = { step };
    if (step === 'council') Object.assign(body, { councilRef: v.councilRef, members: v.members });
    if (step === 'review' || step === 'execute') body.minutes = v.text;
    if (step === 'appraisal') body.appraisal = v.text;
    if (step === 'cancel') body.reason = v.text;
    if (step === 'decide')
      Object.assign(body, { decisionRef: v.decisionRef, decisionDate: v.decisionDate?.format('YYYY-MM-DD') });
    try {
      await archiveApi.step(id, body);
      ok('Đã ghi nhận.');
      setStep(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['archive'] });
    } catch (e) {
      fail(e);
    }
  };
  const steps = (Object.keys(STEP_TITLE) as Step[]).filter((s) => d.can[s]);
  return (
    <>
      <PageHeader
        title={d.title}
        subtitle={DESTRUCTION_LABEL[d.status]}
        extra={
          <Space wrap>
            {steps.map((s) => (
              <Button
                key={s}
                danger={s === 'execute'}
                type={s === 'cancel' ? 'default' : 'primary'}
                onClick={() => setStep(s)}
              >
                {STEP_TITLE[s]}
              </Button>
            ))}
            <Button href={`/api/archive/destructions/${id}/minutes.pdf`}>
              {d.status === 'destroyed' ? 'Biên bản hủy (PDF)' : 'Danh mục (PDF)'}
            </Button>
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'note', label: 'Bản thuyết minh', children: d.note },
            ...(d.councilRef
              ? [
                  {
                    key: 'c',
                    label: 'Hội đồng',
                    children: `${d.councilRef} — ${d.councilMembers.map((m) => m.name).join(', ')}`,
                  },
                ]
              : []),
            ...(d.councilMinutes ? [{ key: 'm', label: 'Biên bản họp Hội đồng', children: d.councilMinutes }] : []),
            ...(d.appraisal ? [{ key: 'a', label: 'Thẩm định', children: d.appraisal }] : []),
            ...(d.decisionRef
              ? [
                  {
                    key: 'd',
                    label: 'Quyết định hủy',
                    children: `${d.decisionRef}${d.decisionDate ? ` ngày ${formatDate(d.decisionDate)}` : ''}`,
                  },
                ]
              : []),
            ...(d.destroyedAt
              ? [
                  {
                    key: 'x',
                    label: 'Đã hủy',
                    children: `${formatDateTime(d.destroyedAt)} — ${d.destructionMinutes ?? ''}`,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title="Danh mục hồ sơ" style={{ marginBottom: 12 }}>
        <Table
          rowKey="recordId"
          size="small"
          pagination={false}
          dataSource={d.items}
          scroll={{ x: 640 }}
          columns={[
            { title: 'Mã hồ sơ', dataIndex: 'code', width: 220 },
            { title: 'Tiêu đề', dataIndex: 'title' },
            {
              title: 'SHA-256 gói AIP',
              dataIndex: 'aipSha256',
              render: (s: string | null) => <span style={{ wordBreak: 'break-all', fontSize: 12 }}>{s ?? '—'}</span>,
            },
            {
              title: '',
              key: 'h',
              width: 100,
              render: (_: unknown, i) =>
                i.onHold ? <Tag color="purple">Phong tỏa</Tag> : i.status === 'destroyed' ? <Tag>Đã hủy</Tag> : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title="Các bước">
        <Timeline
          items={d.history.map((h) => ({
            children: (
              <span>
                {formatDateTime(h.at)} — {h.actorName ?? 'Hệ thống'}: {h.summary}
              </span>
            ),
          }))}
        />
      </Card>
      <Modal
        open={step !== null}
        title={step ? STEP_TITLE[step] : ''}
        okText="Ghi nhận"
        cancelText="Đóng"
        onCancel={() => setStep(null)}
        onOk={run}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {step === 'council' && (
            <>
              <Form.Item
                name="councilRef"
                label="Số, ngày quyết định"
                rules={[{ required: true, message: 'Nhập số quyết định' }]}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item
                name="members"
                label="Thành viên Hội đồng (ít nhất 3)"
                rules={[{ required: true, type: 'array', min: 3, message: 'Chọn ít nhất 3 thành viên' }]}
              >
                <Select
                  mode="multiple"
                  showSearch
                  optionFilterProp="label"
                  aria-label="Thành viên Hội đồng"
                  options={(users.data ?? []).map((u) => ({ value: u.id, label: u.fullName }))}
                />
              </Form.Item>
            </>
          )}
          {(step === 'review' || step === 'appraisal' || step === 'execute' || step === 'cancel') && (
            <Form.Item
              name="text"
              label={step === 'cancel' ? 'Lý do' : 'Nội dung'}
              rules={[{ required: true, message: 'Nhập nội dung' }]}
            >
              <Input.TextArea autoSize={{ minRows: 3 }} maxLength={20000} />
            </Form.Item>
          )}
          {step === 'decide' && (
            <>
              <Form.Item
                name="decisionRef"
                label="Số quyết định hủy"
                rules={[{ required: true, message: 'Nhập số quyết định' }]}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="decisionDate" label="Ngày quyết định" rules={[{ required: true, message: 'Chọn ngày' }]}>
                <DatePicker format="DD/MM/YYYY" />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
