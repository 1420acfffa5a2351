import { Alert, Button, Card, DatePicker, Empty, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { AdminUser } from '../../api.types';
import { useNotify } from '../../components/useNotify';
import { foldKey } from '../../lib/vn';
import { ANSWER_LABEL, atVn, HHMM, meetingsApi, type BookBody } from './calendar.api';

interface Values {
  title: string;
  date: Dayjs;
  from: string;
  to: string;
  roomId?: string;
  place?: string;
  chairId?: string;
  attendees?: string[];
}
const hm = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(11, 16);
const dmy = (iso: string) => {
  const s = new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
};

/** The week's meetings; the Office books one (room and people conflicts are shown before anything is saved). */
export default function MeetingsPanel({ weekStart, canBook }: { weekStart: string; canBook: boolean }) {
  const [open, setOpen] = useState(false);
  const [conflict, setConflict] = useState<{ message: string; peopleOnly: boolean } | null>(null);
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const from = `${weekStart}T00:00:00+07:00`;
  const end = new Date(new Date(from).getTime() + 7 * 86_400_000).toISOString();
  const meetings = useQuery({
    queryKey: ['calendar', 'meetings', weekStart],
    queryFn: () => meetingsApi.list(from, end),
  });
  const rooms = useQuery({ queryKey: ['calendar', 'rooms'], queryFn: meetingsApi.rooms, enabled: open });
  const users = useQuery({
    queryKey: ['calendar', 'users'],
    queryFn: () => api.get<AdminUser[]>('/api/admin/users'),
    enabled: open,
    staleTime: 300_000,
  });
  const people = (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.fullName }));
  const book = useMutation({
    mutationFn: (b: BookBody) => meetingsApi.book(b),
    onSuccess: (r) => {
      ok(
        r.warnings.length
          ? 'Đã đặt lịch họp (có người trùng lịch).'
          : r.skipped.length
            ? `Đã đặt lịch họp; bỏ ${r.skipped.length} buổi trùng ngày nghỉ.`
            : 'Đã đặt lịch họp và gửi giấy mời.',
      );
      setOpen(false);
      setConflict(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['calendar', 'meetings'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'calendar.conflict') {
        const list = ((e.details?.conflicts ?? []) as { kind: string }[]) ?? [];
        setConflict({ message: e.message, peopleOnly: list.length > 0 && list.every((c) => c.kind !== 'room') });
      } else fail(e);
    },
  });
  const answer = useMutation({
    mutationFn: (v: { id: string; a: 'attend' | 'decline' }) => meetingsApi.answer(v.id, v.a),
    onSuccess: () => {
      ok('Đã trả lời giấy mời.');
      void qc.invalidateQueries({ queryKey: ['calendar', 'meetings'] });
    },
    onError: fail,
  });
  const submit = (v: Values, force = false) =>
    book.mutate({
      title: v.title.trim(),
      startsAt: atVn(v.date, v.from),
      endsAt: atVn(v.date, v.to),
      roomId: v.roomId ?? null,
      place: v.place?.trim(),
      chairId: v.chairId ?? null,
      attendees: (v.attendees ?? []).map((userId) => ({ userId })),
      force,
    });
  const list = meetings.data ?? [];
  const filterOption = (input: string, o?: { label?: unknown }) =>
    foldKey(String(o?.label ?? '')).includes(foldKey(input));

  return (
    <Card
      size="small"
      title="Lịch họp trong tuần"
      extra={canBook && <Button onClick={() => setOpen(true)}>Đặt lịch họp</Button>}
      style={{ marginTop: 16 }}
    >
      {!list.length && <Empty description="Tuần này chưa có cuộc họp." />}
      {list.map((m) => (
        <div key={m.id} className="meeting-row" style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
          <Space wrap size={4}>
            <Typography.Text strong>
              {dmy(m.startsAt)} {hm(m.startsAt)}–{hm(m.endsAt)}
            </Typography.Text>
            {m.myAnswer && <Tag>{ANSWER_LABEL[m.myAnswer]}</Tag>}
          </Space>
          <div>{m.title}</div>
          <Typography.Text type="secondary">
            {[m.place && `Địa điểm: ${m.place}`, m.chair && `Chủ trì: ${m.chair.name}`].filter(Boolean).join(' · ')}
          </Typography.Text>
          {m.myAnswer === 'pending' && (
            <Space style={{ marginTop: 4 }}>
              <Button size="small" onClick={() => answer.mutate({ id: m.id, a: 'attend' })}>
                Dự họp
              </Button>
              <Button size="small" onClick={() => answer.mutate({ id: m.id, a: 'decline' })}>
                Không dự
              </Button>
            </Space>
          )}
        </div>
      ))}
      <Modal
        open={open}
        title="Đặt lịch họp"
        okText="Đặt lịch"
        cancelText="Hủy"
        confirmLoading={book.isPending}
        onCancel={() => {
          setOpen(false);
          setConflict(null);
        }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {conflict && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 12 }}
            message={conflict.message}
            description={
              conflict.peopleOnly ? (
                <Button size="small" onClick={() => submit(form.getFieldsValue(), true)}>
                  Vẫn đặt lịch
                </Button>
              ) : (
                'Chọn phòng hoặc giờ khác.'
              )
            }
          />
        )}
        <Form form={form} layout="vertical" onFinish={(v) => submit(v)} onValuesChange={() => setConflict(null)}>
          <Form.Item
            name="title"
            label="Tên cuộc họp"
            rules={[{ required: true, whitespace: true, message: 'Nhập tên cuộc họp.' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="date" label="Ngày họp" rules={[{ required: true, message: 'Chọn ngày họp (dd/mm/yyyy).' }]}>
            <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
          </Form.Item>
          <Space.Compact block>
            <Form.Item
              name="from"
              label="Từ giờ"
              style={{ flex: 1 }}
              rules={[
                { required: true, message: 'Nhập giờ bắt đầu.' },
                { pattern: HHMM, message: 'Giờ dạng HH:mm.' },
              ]}
            >
              <Input placeholder="08:00" inputMode="numeric" />
            </Form.Item>
            <Form.Item
              name="to"
              label="Đến giờ"
              style={{ flex: 1, marginLeft: 8 }}
              rules={[
                { required: true, message: 'Nhập giờ kết thúc.' },
                { pattern: HHMM, message: 'Giờ dạng HH:mm.' },
              ]}
            >
              <Input placeholder="10:00" inputMode="numeric" />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="roomId" label="Phòng họp">
            <Select
              allowClear
              showSearch
              filterOption={filterOption}
              options={(rooms.data ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.capacity} chỗ)` }))}
            />
          </Form.Item>
          <Form.Item name="place" label="Địa điểm khác">
            <Input />
          </Form.Item>
          <Form.Item name="chairId" label="Chủ trì">
            <Select allowClear showSearch filterOption={filterOption} options={people} />
          </Form.Item>
          <Form.Item name="attendees" label="Thành phần mời">
            <Select mode="multiple" showSearch filterOption={filterOption} options={people} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
