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
import { useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDate, formatDateTime } from '../../lib/vn';
import {
  archiveApi,
  MODE_LABEL,
  REQUEST_LABEL,
  retentionText,
  STATUS_LABEL,
  type Mode,
  type RecordDetail,
} from './archive.api';

type Dialog = null | 'request' | 'hold' | 'mode';

/** An archived record: metadata, documents (when the reader may read), watermarked copies, requests, holds, history. */
export default function RecordPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const q = useQuery({
    queryKey: ['archive', 'record', id],
    queryFn: () => archiveApi.record(id),
    refetchInterval: (x) => (x.state.data?.status === 'packaging' ? 2000 : false),
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ purpose?: string; reason?: string; until?: Dayjs; mode?: Mode }>();
  const r = q.data;
  if (q.error) return <Alert type="error" showIcon message={(q.error as Error).message} />;
  if (!r) return <Card loading />;
  const refresh = () => qc.invalidateQueries({ queryKey: ['archive'] });
  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (dialog === 'request') {
        await archiveApi.request(id, v.purpose!);
        ok('Đã gửi yêu cầu khai thác, chờ người đứng đầu lưu trữ duyệt.');
      } else if (dialog === 'hold') {
        await archiveApi.hold(id, v.reason!, v.until?.format('YYYY-MM-DD') ?? null);
        ok('Đã phong tỏa hồ sơ.');
      } else if (dialog === 'mode') {
        await archiveApi.mode(id, v.mode!, v.reason!);
        ok('Đã đổi chế độ khai thác.');
      }
      setDialog(null);
      form.resetFields();
      void refresh();
    } catch (e) {
      fail(e);
    }
  };
  const release = async () => {
    try {
      await archiveApi.release(id);
      ok('Đã gỡ phong tỏa.');
      void refresh();
    } catch (e) {
      fail(e);
    }
  };
  const mode = MODE_LABEL[r.mode];
  return (
    <>
      <PageHeader
        title={r.title}
        subtitle={r.code}
        extra={
          <Space wrap>
            {r.can.request && (
              <Button type="primary" onClick={() => setDialog('request')}>
                Yêu cầu khai thác
              </Button>
            )}
            {r.can.read && <Button href={`/api/archive/records/${id}/dip`}>Tải cả hồ sơ (DIP)</Button>}
            {r.can.aip && <Button href={`/api/archive/records/${id}/aip`}>Tải gói AIP</Button>}
            {r.can.hold &&
              (r.hold ? (
                <Button onClick={release}>Gỡ phong tỏa</Button>
              ) : (
                <Button onClick={() => setDialog('hold')}>Phong tỏa</Button>
              ))}
            {r.can.changeMode && (
              <Button
                onClick={() => {
                  form.setFieldsValue({ mode: r.mode });
                  setDialog('mode');
                }}
              >
                Đổi chế độ khai thác
              </Button>
            )}
          </Space>
        }
      />
      {r.status === 'packaging' && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="Đang lập gói lưu trữ (AIP) cho hồ sơ." />
      )}
      {r.hold && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`Hồ sơ đang bị phong tỏa: ${r.hold.reason}${r.hold.until ? ` (đến ${formatDate(r.hold.until)})` : ''}`}
        />
      )}
      {r.status === 'destroyed' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`Hồ sơ đã bị tiêu hủy lúc ${formatDateTime(r.destroyedAt)}; chỉ còn thông tin về hồ sơ.`}
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'code', label: 'Mã hồ sơ', children: r.code },
            { key: 'time', label: 'Thời gian', children: `${formatDate(r.startDate)} – ${formatDate(r.endDate)}` },
            {
              key: 'ret',
              label: 'Thời hạn bảo quản',
              children: `${retentionText(r.retention)}${r.retentionEnds ? ` (đến ${formatDate(r.retentionEnds)})` : ''}`,
            },
            { key: 'mode', label: 'Chế độ khai thác', children: <Tag color={mode.color}>{mode.label}</Tag> },
            {
              key: 'status',
              label: 'Trạng thái',
              children: <Tag color={STATUS_LABEL[r.status]?.color}>{STATUS_LABEL[r.status]?.label}</Tag>,
            },
            { key: 'unit', label: 'Đơn vị nộp lưu', children: r.unitName },
            { key: 'creator', label: 'Người lập hồ sơ', children: r.creatorName },
            {
              key: 'transfer',
              label: 'Biên bản giao nhận',
              children: `Số ${r.transfer.number}, ${formatDateTime(r.transfer.receivedAt)}`,
            },
            { key: 'docs', label: 'Số văn bản', children: r.docCount },
            { key: 'reads', label: 'Lượt xem / tải', children: `${r.counts.view} / ${r.counts.download}` },
            ...(r.aip
              ? [
                  {
                    key: 'aip',
                    label: 'Gói AIP',
                    children: (
                      <span style={{ wordBreak: 'break-all' }}>
                        {r.aip.valid ? 'Hợp lệ (E-ARK CSIP)' : 'Không hợp lệ'} — {(r.aip.size / 1024).toFixed(0)} KB —
                        SHA-256 {r.aip.sha256}
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title="Văn bản trong hồ sơ" style={{ marginBottom: 12 }}>
        {r.documents.length === 0 && r.status !== 'destroyed' ? (
          <Alert
            type="info"
            showIcon
            message={
              r.can.request
                ? 'Hồ sơ hạn chế sử dụng: gửi yêu cầu khai thác để đọc và tải bản sao.'
                : 'Bạn chưa được khai thác nội dung hồ sơ này.'
            }
          />
        ) : (
          <Table
            rowKey="ordinal"
            size="small"
            pagination={false}
            dataSource={r.documents}
            scroll={{ x: 640 }}
            columns={[
              { title: 'STT', dataIndex: 'ordinal', width: 60 },
              { title: 'Ngày', dataIndex: 'docDate', width: 100, render: (d: string) => formatDate(d) },
              { title: 'Số, ký hiệu', dataIndex: 'numberNotation', width: 140 },
              { title: 'Trích yếu', dataIndex: 'subject' },
              { title: 'Trang', dataIndex: 'pageCount', width: 70 },
              ...(r.can.read
                ? [
                    {
                      title: '',
                      key: 'dl',
                      width: 130,
                      render: (_: unknown, d: RecordDetail['documents'][number]) => (
                        <Button
                          size="small"
                          href={`/api/archive/records/${id}/documents/${d.ordinal}/copy.pdf`}
                          aria-label={`Tải bản sao văn bản ${d.ordinal}`}
                        >
                          Tải bản sao
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {r.requests.length > 0 && (
        <Card size="small" title="Yêu cầu khai thác" style={{ marginBottom: 12 }}>
          {r.requests.map((x) => (
            <div key={x.id}>
              <Tag color={REQUEST_LABEL[x.status]?.color}>{REQUEST_LABEL[x.status]?.label}</Tag> {x.requesterName} —{' '}
              {x.purpose} — {formatDateTime(x.createdAt)}
              {x.note ? ` — ${x.note}` : ''}
            </div>
          ))}
        </Card>
      )}
      {r.history.length > 0 && (
        <Card size="small" title="Lịch sử">
          <Timeline
            items={r.history.map((h) => ({
              children: (
                <span>
                  {formatDateTime(h.at)} — {h.actorName ?? 'Hệ thống'}: {h.summary}
                </span>
              ),
            }))}
          />
        </Card>
      )}
      <Modal
        open={dialog !== null}
        title={
          dialog === 'request'
            ? 'Yêu cầu khai thác hồ sơ'
            : dialog === 'hold'
              ? 'Phong tỏa hồ sơ'
              : 'Đổi chế độ khai thác'
        }
        okText={dialog === 'request' ? 'Gửi yêu cầu' : 'Lưu'}
        cancelText="Hủy"
        onCancel={() => setDialog(null)}
        onOk={submit}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {dialog === 'request' && (
            <Form.Item
              name="purpose"
              label="Mục đích khai thác"
              rules={[{ required: true, message: 'Nhập mục đích khai thác' }]}
            >
              <Input.TextArea autoSize maxLength={500} />
            </Form.Item>
          )}
          {dialog === 'mode' && (
            <Form.Item name="mode" label="Chế độ khai thác">
              <Select
                aria-label="Chế độ khai thác"
                options={Object.entries(MODE_LABEL).map(([value, m]) => ({ value, label: m.label }))}
              />
            </Form.Item>
          )}
          {(dialog === 'hold' || dialog === 'mode') && (
            <Form.Item name="reason" label="Lý do" rules={[{ required: true, message: 'Nhập lý do' }]}>
              <Input.TextArea autoSize maxLength={1000} />
            </Form.Item>
          )}
          {dialog === 'hold' && (
            <Form.Item name="until" label="Đến ngày">
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
