import { Button, Card, DatePicker, Empty, Form, Input, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import MeetingsPanel from './MeetingsPanel';
import { atVn, calendarApi, feedsApi, HHMM, STATUS_LABEL, type WeekEntry } from './calendar.api';

const DAYS = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];
/** Vietnam time of an ISO instant (the calendar is the organ's, in Hà Nội time whatever the device's zone). */
const vn = (iso: string) => dayjs(new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 19));
const ddmm = (d: Dayjs) => d.format('DD/MM/YYYY');

interface EntryValues {
  date: Dayjs;
  from: string;
  to?: string;
  place?: string;
  leaders?: string;
  content: string;
  participants?: string;
  preparingUnit?: string;
}

/** Lịch công tác tuần: the week by day; the Office drafts and sends it, the Chánh Văn phòng approves and publishes. */
export default function CalendarPage() {
  const [day, setDay] = useState(() => dayjs());
  const [adding, setAdding] = useState(false);
  const [feedUrl, setFeedUrl] = useState<string | null>(null);
  const [form] = Form.useForm<EntryValues>();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const week = useQuery({
    queryKey: ['calendar', 'week', day.format('YYYY-MM-DD')],
    queryFn: () => calendarApi.week(day.format('YYYY-MM-DD')),
  });
  const run = useMutation({ mutationFn: (f: () => Promise<unknown>) => f(), onError: fail });
  const act = (f: () => Promise<unknown>, text: string, after?: () => void) =>
    run.mutate(f, {
      onSuccess: () => {
        ok(text);
        after?.();
        void qc.invalidateQueries({ queryKey: ['calendar'] });
      },
    });
  const w = week.data;
  const monday = w ? dayjs(w.weekStart) : null;
  const entries = w?.entries ?? [];
  const hasDraft = entries.some((e) => e.status === 'draft');
  const hasSubmitted = entries.some((e) => e.status === 'submitted');

  return (
    <>
      <PageHeader
        title="Lịch công tác tuần"
        subtitle={monday ? `Từ ${ddmm(monday)} đến ${ddmm(monday.add(6, 'day'))}` : undefined}
        extra={
          <Space wrap>
            <Button onClick={() => setDay(day.subtract(7, 'day'))}>‹ Tuần trước</Button>
            <Button onClick={() => setDay(dayjs())}>Tuần này</Button>
            <Button onClick={() => setDay(day.add(7, 'day'))}>Tuần sau ›</Button>
            {w && (
              <Button href={`/api/calendar/week.pdf?week=${w.weekStart}`} target="_blank">
                In lịch tuần (PDF)
              </Button>
            )}
            <Button
              onClick={() =>
                act(async () => setFeedUrl((await feedsApi.create('user')).url), 'Đã tạo liên kết đăng ký lịch.')
              }
            >
              Đăng ký lịch (iCalendar)
            </Button>
            {w?.canDraft && <Button onClick={() => setAdding(true)}>Thêm lịch</Button>}
            {w?.canDraft && hasDraft && (
              <Button onClick={() => act(() => calendarApi.submit(w.weekStart), 'Đã trình duyệt lịch tuần.')}>
                Trình duyệt
              </Button>
            )}
            {w?.canApprove && hasSubmitted && (
              <Button
                type="primary"
                onClick={() => act(() => calendarApi.approve(w.weekStart), 'Đã duyệt và ban hành lịch tuần.')}
              >
                Duyệt và ban hành
              </Button>
            )}
          </Space>
        }
      />
      {week.isLoading && <Spin />}
      {w && !entries.length && <Empty description="Tuần này chưa có lịch công tác." />}
      {monday &&
        DAYS.map((label, i) => {
          const d = monday.add(i, 'day');
          const of = entries.filter((e) => vn(e.startsAt).format('YYYY-MM-DD') === d.format('YYYY-MM-DD'));
          if (!of.length) return null;
          return (
            <Card key={label} size="small" title={`${label}, ${ddmm(d)}`} style={{ marginBottom: 12 }}>
              {of.map((e) => (
                <EntryRow key={e.id} e={e} />
              ))}
            </Card>
          );
        })}
      {w && <MeetingsPanel weekStart={w.weekStart} canBook={w.canDraft} />}
      <Modal
        open={!!feedUrl}
        title="Liên kết đăng ký lịch"
        footer={<Button onClick={() => setFeedUrl(null)}>Đóng</Button>}
        onCancel={() => setFeedUrl(null)}
      >
        <Typography.Paragraph>
          Thêm liên kết này vào Outlook, Thunderbird hoặc lịch của điện thoại (đăng ký lịch qua Internet). Liên kết chỉ
          hiện một lần; ai có liên kết đều xem được lịch họp của đồng chí.
        </Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: feedUrl ?? '' }} code>
          {feedUrl}
        </Typography.Paragraph>
      </Modal>
      <Modal
        open={adding}
        title="Thêm lịch công tác"
        okText="Lưu dự thảo"
        cancelText="Hủy"
        confirmLoading={run.isPending}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            act(
              () =>
                calendarApi.add({
                  startsAt: atVn(v.date, v.from.trim()),
                  endsAt: v.to?.trim() ? atVn(v.date, v.to.trim()) : null,
                  place: v.place?.trim(),
                  leaders: v.leaders?.trim(),
                  content: v.content.trim(),
                  participants: v.participants?.trim(),
                  preparingUnit: v.preparingUnit?.trim(),
                }),
              'Đã thêm lịch (dự thảo).',
              () => {
                setAdding(false);
                form.resetFields();
                setDay(v.date);
              },
            )
          }
        >
          <Form.Item name="date" label="Ngày" rules={[{ required: true, message: 'Chọn ngày (dd/mm/yyyy).' }]}>
            <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
          </Form.Item>
          <Space.Compact block>
            <Form.Item
              name="from"
              label="Từ giờ"
              style={{ flex: 1 }}
              rules={[
                { required: true, message: 'Nhập giờ bắt đầu (VD 08:00).' },
                { pattern: HHMM, message: 'Giờ dạng HH:mm, VD 08:00.' },
              ]}
            >
              <Input placeholder="08:00" inputMode="numeric" />
            </Form.Item>
            <Form.Item
              name="to"
              label="Đến giờ"
              style={{ flex: 1, marginLeft: 8 }}
              rules={[{ pattern: HHMM, message: 'Giờ dạng HH:mm, VD 11:30.' }]}
            >
              <Input placeholder="11:30" inputMode="numeric" />
            </Form.Item>
          </Space.Compact>
          <Form.Item
            name="content"
            label="Nội dung công tác"
            rules={[{ required: true, whitespace: true, message: 'Nhập nội dung công tác.' }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="leaders" label="Lãnh đạo">
            <Input placeholder="VD: Bộ trưởng" />
          </Form.Item>
          <Form.Item name="place" label="Địa điểm">
            <Input />
          </Form.Item>
          <Form.Item name="participants" label="Thành phần">
            <Input />
          </Form.Item>
          <Form.Item name="preparingUnit" label="Đơn vị chuẩn bị">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function EntryRow({ e }: { e: WeekEntry }) {
  const s = STATUS_LABEL[e.status];
  return (
    <div className="calendar-entry" style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Space wrap size={4}>
        <Typography.Text strong>
          {vn(e.startsAt).format('HH:mm')}
          {e.endsAt ? `–${vn(e.endsAt).format('HH:mm')}` : ''}
        </Typography.Text>
        {e.status !== 'published' && <Tag color={s.color}>{s.label}</Tag>}
        {e.changed && <Tag color="red">Thay đổi{e.changeNote ? `: ${e.changeNote}` : ''}</Tag>}
      </Space>
      <div>{e.content}</div>
      <Typography.Text type="secondary">
        {[
          e.leaders && `Lãnh đạo: ${e.leaders}`,
          e.place && `Địa điểm: ${e.place}`,
          e.participants && `Thành phần: ${e.participants}`,
          e.preparingUnit && `Chuẩn bị: ${e.preparingUnit}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
    </div>
  );
}
