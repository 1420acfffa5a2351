import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../../api';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDate, formatDateTime } from '../../lib/vn';
import { retentionLabel, workfilesApi, type CloseProblem, type FileDetail, type Member } from './workfiles.api';

const KIND: Record<Member['kind'], string> = {
  incoming: 'Văn bản đến',
  outgoing: 'Văn bản đi',
  upload: 'Tài liệu khác',
};

function SubmitModal({ file, open, onClose }: { file: FileDetail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{
    title: string;
    note: string;
    unitHeadId?: string;
    leaderId: string;
    deadline?: Dayjs;
  }>();
  const users = useQuery({
    queryKey: ['workfiles', 'users'],
    queryFn: workfilesApi.users,
    enabled: open,
    staleTime: 600_000,
  });
  const { ok, fail } = useNotify();
  const withRole = (roles: string[]) =>
    (users.data ?? [])
      .filter((u) => u.memberships.some((m) => m.roles.some((r) => roles.includes(r))))
      .map((u) => ({
        value: u.id,
        label: `${u.fullName} — ${u.memberships.map((m) => `${m.positionName} ${m.unitName}`).join(', ')}`,
      }));
  return (
    <Modal
      open={open}
      title="Trình lãnh đạo"
      okText="Trình"
      cancelText="Hủy"
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await workfilesApi.submit({
            workfileId: file.id,
            title: v.title,
            note: v.note ?? '',
            unitHeadId: v.unitHeadId ?? null,
            leaderId: v.leaderId,
            deadline: v.deadline?.format('YYYY-MM-DD') ?? null,
          });
          ok('Đã trình.');
          onClose();
        } catch (e) {
          fail(e);
        }
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ title: `Trình ${file.title}` }}>
        <Form.Item name="title" label="Nội dung trình" rules={[{ required: true, message: 'Nhập nội dung trình' }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="note" label="Phiếu trình (ý kiến đề xuất)">
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} />
        </Form.Item>
        <Form.Item name="unitHeadId" label="Qua lãnh đạo đơn vị">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label="Lãnh đạo đơn vị"
            options={withRole(['unit_leader', 'office_chief'])}
          />
        </Form.Item>
        <Form.Item
          name="leaderId"
          label="Trình lãnh đạo cơ quan"
          rules={[{ required: true, message: 'Chọn lãnh đạo' }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            aria-label="Lãnh đạo cơ quan"
            options={withRole(['organ_leader'])}
          />
        </Form.Item>
        <Form.Item name="deadline" label="Hạn cho ý kiến">
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A file: metadata, documents in date order, access, history; close (with each reason shown), reopen, export, submit. */
export default function FilePage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const q = useQuery({ queryKey: ['workfiles', 'file', id], queryFn: () => workfilesApi.get(id) });
  const users = useQuery({
    queryKey: ['workfiles', 'users'],
    queryFn: workfilesApi.users,
    enabled: !!q.data?.can.grant,
    staleTime: 600_000,
  });
  const [problems, setProblems] = useState<CloseProblem[]>([]);
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [grantUser, setGrantUser] = useState<string | undefined>();
  const [grantAccess, setGrantAccess] = useState<'read' | 'edit'>('read');
  const f = q.data;
  if (q.error) return <Alert type="error" showIcon message={(q.error as Error).message} />;
  if (!f) return <Card loading />;
  const refresh = () => qc.invalidateQueries({ queryKey: ['workfiles'] });
  const close = async () => {
    try {
      await workfilesApi.close(id);
      setProblems([]);
      ok('Đã đóng hồ sơ. Mục lục văn bản đã được lập.');
      void refresh();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'workfiles.close_refused')
        setProblems((e.details?.reasons as CloseProblem[]) ?? []);
      else fail(e);
    }
  };
  return (
    <>
      <PageHeader
        title={f.title}
        subtitle={
          <Space wrap>
            <span>{f.code}</span>
            {f.status === 'open' ? <Tag color="blue">Đang mở</Tag> : <Tag color="green">Đã đóng</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {f.can.submit && <Button onClick={() => setSubmitting(true)}>Trình lãnh đạo</Button>}
            {f.can.close && (
              <Button type="primary" onClick={close}>
                Đóng hồ sơ
              </Button>
            )}
            {f.can.reopen && <Button onClick={() => setReopening(true)}>Mở lại hồ sơ</Button>}
            <Button href={`/api/workfiles/${id}/documents/print?format=pdf`} target="_blank">
              Mục lục văn bản (PDF)
            </Button>
            <Button href={`/api/workfiles/${id}/documents/print?format=xlsx`}>Mục lục (XLSX)</Button>
            {f.can.export && <Button href={`/api/workfiles/${id}/export.pdf`}>Xuất PDF</Button>}
            {f.can.export && <Button href={`/api/workfiles/${id}/export.xml`}>Xuất XML (TT 05)</Button>}
          </Space>
        }
      />
      {problems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="Chưa đóng được hồ sơ"
          closable
          onClose={() => setProblems([])}
          description={
            <ul className="wf-problems">
              {problems.map((p) => (
                <li key={p.code} data-code={p.code}>
                  {p.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Card size="small" title="Thông tin hồ sơ" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="Mã hồ sơ">{f.code}</Descriptions.Item>
          <Descriptions.Item label="Thời hạn bảo quản">{retentionLabel(f.retention)}</Descriptions.Item>
          <Descriptions.Item label="Người lập">{f.creatorName}</Descriptions.Item>
          <Descriptions.Item label="Đơn vị">{f.unitName}</Descriptions.Item>
          <Descriptions.Item label="Thời gian">
            {formatDate(f.startDate)} – {f.endDate ? formatDate(f.endDate) : '…'}
          </Descriptions.Item>
          <Descriptions.Item label="Số văn bản">{f.memberCount}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        size="small"
        title="Văn bản trong hồ sơ (theo thứ tự thời gian)"
        style={{ marginBottom: 12 }}
        extra={f.hiddenMembers > 0 ? <span className="muted">{f.hiddenMembers} văn bản mật không hiển thị</span> : null}
      >
        <Table<Member>
          rowKey="id"
          size="small"
          dataSource={f.members}
          pagination={false}
          scroll={{ x: 700 }}
          locale={{ emptyText: 'Hồ sơ chưa có văn bản. Đưa văn bản vào từ trang văn bản đến/đi.' }}
          columns={[
            { title: 'STT', width: 55, render: (_v, _r, i) => i + 1 },
            { title: 'Số, ký hiệu', dataIndex: 'numberNotation', width: 150 },
            { title: 'Ngày', dataIndex: 'docDate', width: 100, render: (d: string) => formatDate(d) },
            {
              title: 'Trích yếu',
              dataIndex: 'subject',
              render: (s: string, m) => (
                <Space direction="vertical" size={0}>
                  {m.kind === 'upload' ? (
                    <a href={m.link}>{s}</a>
                  ) : (
                    <Link to={m.kind === 'incoming' ? `/incoming/doc/${m.refId}` : `/outgoing/doc/${m.refId}`}>
                      {s}
                    </Link>
                  )}
                  <Space size={4}>
                    <span className="muted">
                      {KIND[m.kind]} · {m.typeName}
                    </span>
                    {m.draft && <Tag color="orange">Dự thảo</Tag>}
                    {m.confidentiality !== 'thuong' && <Tag color="purple">Mật</Tag>}
                  </Space>
                </Space>
              ),
            },
            { title: 'Số trang', dataIndex: 'pageCount', width: 80 },
            ...(f.can.edit
              ? [
                  {
                    title: '',
                    width: 80,
                    render: (_v: unknown, m: Member) => (
                      <Popconfirm
                        title="Loại văn bản này khỏi hồ sơ?"
                        okText="Loại bỏ"
                        cancelText="Không"
                        onConfirm={async () => {
                          try {
                            await workfilesApi.removeMember(id, m.id);
                            void refresh();
                          } catch (e) {
                            fail(e);
                          }
                        }}
                      >
                        <Button size="small" danger>
                          Loại bỏ
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title="Quyền truy cập" style={{ marginBottom: 12 }}>
        <List
          size="small"
          dataSource={f.grants}
          locale={{ emptyText: 'Người lập hồ sơ và cán bộ trong đơn vị xem được hồ sơ.' }}
          renderItem={(g) => (
            <List.Item
              actions={
                f.can.grant
                  ? [
                      <Button
                        key="x"
                        size="small"
                        onClick={async () => {
                          try {
                            await workfilesApi.grant(id, g.userId, 'none');
                            void refresh();
                          } catch (e) {
                            fail(e);
                          }
                        }}
                      >
                        Thu hồi
                      </Button>,
                    ]
                  : []
              }
            >
              {g.name} — {g.access === 'edit' ? 'cập nhật' : 'xem'}
            </List.Item>
          )}
        />
        {f.can.grant && (
          <Space wrap style={{ marginTop: 8 }}>
            <Select
              showSearch
              optionFilterProp="label"
              placeholder="Chọn cán bộ"
              aria-label="Cán bộ được cấp quyền"
              style={{ width: 260 }}
              value={grantUser}
              onChange={setGrantUser}
              options={(users.data ?? []).map((u) => ({ value: u.id, label: u.fullName }))}
            />
            <Select
              aria-label="Quyền"
              style={{ width: 120 }}
              value={grantAccess}
              onChange={setGrantAccess}
              options={[
                { value: 'read', label: 'Xem' },
                { value: 'edit', label: 'Cập nhật' },
              ]}
            />
            <Button
              disabled={!grantUser}
              onClick={async () => {
                try {
                  await workfilesApi.grant(id, grantUser!, grantAccess);
                  setGrantUser(undefined);
                  void refresh();
                } catch (e) {
                  fail(e);
                }
              }}
            >
              Cấp quyền
            </Button>
          </Space>
        )}
      </Card>
      <Card size="small" title="Lịch sử">
        <Timeline
          items={f.history.map((h) => ({
            children: (
              <span>
                {formatDateTime(h.at)} — {h.actorName}: {h.summary}
              </span>
            ),
          }))}
        />
      </Card>
      <Modal
        open={reopening}
        title="Mở lại hồ sơ"
        okText="Mở lại"
        cancelText="Hủy"
        okButtonProps={{ disabled: reason.trim().length < 3 }}
        onCancel={() => setReopening(false)}
        onOk={async () => {
          try {
            await workfilesApi.reopen(id, reason.trim());
            setReopening(false);
            setReason('');
            ok('Đã mở lại hồ sơ.');
            void refresh();
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Input.TextArea
          aria-label="Lý do mở lại"
          placeholder="Lý do mở lại (bắt buộc, được ghi nhật ký)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 2 }}
        />
      </Modal>
      <SubmitModal
        file={f}
        open={submitting}
        onClose={() => {
          setSubmitting(false);
          void refresh();
        }}
      />
    </>
  );
}
