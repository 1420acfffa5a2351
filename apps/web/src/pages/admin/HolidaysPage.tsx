import { Button, Card, Col, DatePicker, Form, Input, Popconfirm, Row, Select, Space, Table, Tag } from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CalendarOverride, Holiday } from '../../api.types';
import PageHeader from '../../components/PageHeader';
import { applyFieldErrors } from '../../components/errors';
import { useNotify } from '../../components/useNotify';
import { formatDate } from '../../lib/vn';
import { useAdmin } from './AdminScope';
import YearCalendar from './YearCalendar';

interface OverrideForm {
  date: Dayjs;
  kind: 'off' | 'work';
  note?: string;
}

/** Public holidays of a year (solar and lunar) plus the organ's overrides: extra days off, or make-up working days. */
export default function HolidaysPage() {
  const { api, key } = useAdmin();
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [form] = Form.useForm<OverrideForm>();
  const cal = useQuery({ queryKey: key('calendar', year), queryFn: () => api.calendar(year) });
  const refresh = () => qc.invalidateQueries({ queryKey: key('calendar') });
  const add = useMutation({
    mutationFn: (v: OverrideForm) =>
      api.addOverride({ date: v.date.format('YYYY-MM-DD'), kind: v.kind, note: v.note?.trim() ?? '' }),
    onSuccess: async () => {
      ok('Đã thêm ngày điều chỉnh.');
      form.resetFields();
      await refresh();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) fail(e);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteOverride(id),
    onSuccess: async () => {
      ok('Đã xóa ngày điều chỉnh.');
      await refresh();
    },
    onError: fail,
  });
  const data = cal.data ?? { holidays: [], overrides: [] };

  return (
    <>
      <PageHeader
        title="Lịch nghỉ"
        subtitle="Ngày nghỉ lễ, Tết và ngày điều chỉnh dùng để tính hạn xử lý theo ngày làm việc"
        extra={
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label="Năm trước" onClick={() => setYear((y) => y - 1)} />
            <Button className="year-label">Năm {year}</Button>
            <Button icon={<RightOutlined />} aria-label="Năm sau" onClick={() => setYear((y) => y + 1)} />
          </Space.Compact>
        }
      />
      <Card size="small" loading={cal.isPending} style={{ marginBottom: 16 }}>
        <YearCalendar year={year} data={data} />
        <div className="legend">
          <span className="day day-holiday">1</span> Nghỉ lễ, Tết <span className="day day-off">1</span> Nghỉ (điều
          chỉnh)
          <span className="day day-work">1</span> Làm bù <span className="day day-weekend">1</span> Thứ Bảy, Chủ nhật
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={`Ngày lễ, Tết năm ${year}`}>
            <Table<Holiday>
              rowKey={(h) => h.date}
              size="small"
              pagination={false}
              dataSource={data.holidays.filter((h) => h.kind !== 'override')}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: 'Ngày', dataIndex: 'date', render: (v: string) => formatDate(v), width: 110 },
                { title: 'Tên ngày nghỉ', dataIndex: 'name' },
                {
                  title: 'Loại',
                  dataIndex: 'kind',
                  render: (v: string) =>
                    v === 'compensatory' ? <Tag color="gold">Nghỉ bù</Tag> : <Tag color="red">Lễ, Tết</Tag>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="Ngày điều chỉnh của cơ quan">
            <Form
              form={form}
              layout="inline"
              onFinish={(v) => add.mutate(v)}
              initialValues={{ kind: 'off' }}
              style={{ marginBottom: 12, rowGap: 8 }}
            >
              <Form.Item name="date" rules={[{ required: true, message: 'Chọn ngày' }]}>
                <DatePicker format="DD/MM/YYYY" placeholder="Ngày" defaultPickerValue={dayjs(`${year}-01-01`)} />
              </Form.Item>
              <Form.Item name="kind">
                <Select
                  style={{ width: 130 }}
                  options={[
                    { value: 'off', label: 'Nghỉ' },
                    { value: 'work', label: 'Làm việc' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="note">
                <Input placeholder="Ghi chú" maxLength={200} style={{ width: 180 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
                Thêm
              </Button>
            </Form>
            <Table<CalendarOverride>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.overrides}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: 'Chưa có ngày điều chỉnh' }}
              columns={[
                { title: 'Ngày', dataIndex: 'date', render: (v: string) => formatDate(v), width: 110 },
                {
                  title: 'Loại',
                  dataIndex: 'kind',
                  render: (v: string) =>
                    v === 'off' ? <Tag color="orange">Nghỉ</Tag> : <Tag color="green">Làm việc</Tag>,
                },
                { title: 'Ghi chú', dataIndex: 'note' },
                {
                  title: '',
                  key: 'x',
                  render: (_v, o) => (
                    <Popconfirm
                      title="Xóa ngày điều chỉnh này?"
                      okText="Xóa"
                      cancelText="Hủy"
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove.mutate(o.id)}
                    >
                      <Button type="link" size="small" danger>
                        Xóa
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
