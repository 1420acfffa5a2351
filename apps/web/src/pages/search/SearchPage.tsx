import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Grid,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, withQuery } from '../../api';

interface Facet {
  value: string;
  label: string;
  count: number;
}
interface Hit {
  kind: 'incoming' | 'outgoing' | 'workfile' | 'member';
  id: string;
  fileId: string | null;
  numberNotation: string;
  title: string;
  organName: string;
  typeName: string;
  docDate: string | null;
  status: string;
  urgency: string;
  confidentiality: string;
  titleHl: string;
  snippet: string;
  snippetPage: number | null;
}
interface Result {
  items: Hit[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  facets: Record<string, Facet[]> | null;
}
interface Saved {
  id: string;
  name: string;
  params: Record<string, string>;
}

const KIND: Record<Hit['kind'], string> = {
  incoming: 'Văn bản đến',
  outgoing: 'Văn bản đi',
  workfile: 'Hồ sơ',
  member: 'Văn bản trong hồ sơ',
};
const FACETS: [string, string][] = [
  ['kind', 'Loại'],
  ['year', 'Năm'],
  ['docType', 'Loại văn bản'],
  ['organName', 'Cơ quan ban hành'],
  ['unit', 'Đơn vị'],
  ['status', 'Trạng thái'],
  ['urgency', 'Độ khẩn'],
];
const PARAM_OF: Record<string, string> = { unit: 'unitId' };
const COLUMNS: [string, string][] = [
  ['numberNotation', 'Số, ký hiệu'],
  ['docDate', 'Ngày'],
  ['title', 'Trích yếu'],
  ['organName', 'Cơ quan ban hành'],
  ['kind', 'Loại'],
  ['typeName', 'Loại văn bản'],
  ['status', 'Trạng thái'],
];
const KEYS = [
  'q',
  'kind',
  'year',
  'docType',
  'organName',
  'unitId',
  'status',
  'urgency',
  'from',
  'to',
  'sort',
  'page',
  'columns',
];
const dmy = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');

/** Highlights (private-use markers from the server) as <mark>, never as HTML. */
function Marked({ text }: { text: string }) {
  const parts = text.split(/(\uE000[^\uE001]*\uE001)/);
  return (
    <>
      {parts.map((p, i) => (p.startsWith('\uE000') ? <mark key={i}>{p.slice(1, -1)}</mark> : <span key={i}>{p}</span>))}
    </>
  );
}

function linkOf(h: Hit): string {
  if (h.kind === 'incoming') return `/incoming/doc/${h.id}`;
  if (h.kind === 'outgoing') return `/outgoing/doc/${h.id}`;
  return `/workfiles/${h.kind === 'member' ? h.fileId : h.id}`;
}

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const nav = useNavigate();
  const mobile = Grid.useBreakpoint().md === false;
  const [res, setRes] = useState<Result | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [saved, setSaved] = useState<Saved[]>([]);
  const [text, setText] = useState(params.get('q') ?? '');
  const query = useMemo(
    () =>
      Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)) as Record<
        string,
        string
      >,
    [params],
  );
  const columns = (query.columns ?? 'numberNotation,docDate,title,organName,kind').split(',');

  useEffect(() => setText(params.get('q') ?? ''), [params]);
  useEffect(() => {
    setLoading(true);
    const { columns: _c, ...q } = query;
    void _c;
    api
      .get<Result>('/api/search', q)
      .then(
        (r) => {
          setRes(r);
          setErr(null);
        },
        (e: unknown) => setErr(e instanceof ApiError ? e.message : 'Không tìm được.'),
      )
      .finally(() => setLoading(false));
  }, [query]);
  const loadSaved = () => api.get<Saved[]>('/api/search/saved').then(setSaved, () => undefined);
  useEffect(() => {
    void loadSaved();
  }, []);

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [savedName, setSavedName] = useState('');
  const save = async () => {
    try {
      await api.post('/api/search/saved', { name: savedName.trim(), params: query });
      message.success('Đã lưu tìm kiếm.');
      setSaving(false);
      setSavedName('');
      await loadSaved();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : 'Không lưu được.');
    }
  };
  const { page: _p, ...exportQuery } = query;
  void _p;

  return (
    <div data-testid="search-page">
      <Typography.Title level={3}>Tìm kiếm</Typography.Title>
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Input
          data-testid="search-input"
          placeholder='Gõ có dấu hoặc không dấu; "cụm từ" trong ngoặc kép; số ký hiệu như 123/QĐ'
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => set('q', text)}
          allowClear
        />
        <Button type="primary" data-testid="search-go" onClick={() => set('q', text)}>
          Tìm
        </Button>
      </Space.Compact>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 190 }}
          value={query.sort ?? 'relevance'}
          onChange={(v) => set('sort', v)}
          data-testid="search-sort"
          options={[
            { value: 'relevance', label: 'Phù hợp nhất' },
            { value: 'date_desc', label: 'Mới nhất' },
            { value: 'date_asc', label: 'Cũ nhất' },
            { value: 'title', label: 'Trích yếu (A–Z)' },
            { value: 'number', label: 'Số, ký hiệu' },
          ]}
        />
        <Input
          style={{ width: 130 }}
          placeholder="Từ ngày dd/mm/yyyy"
          defaultValue={query.from}
          onBlur={(e) => set('from', e.target.value.trim())}
          data-testid="search-from"
        />
        <Input
          style={{ width: 130 }}
          placeholder="Đến ngày dd/mm/yyyy"
          defaultValue={query.to}
          onBlur={(e) => set('to', e.target.value.trim())}
          data-testid="search-to"
        />
        <Select
          mode="multiple"
          style={{ minWidth: 220 }}
          value={columns}
          onChange={(v: string[]) => set('columns', v.join(','))}
          options={COLUMNS.map(([value, label]) => ({ value, label }))}
          maxTagCount={2}
          aria-label="Cột hiển thị"
        />
        <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} data-testid="search-save">
          Lưu tìm kiếm
        </Button>
        <Select
          style={{ width: 200 }}
          placeholder="Tìm kiếm đã lưu"
          data-testid="saved-select"
          value={null as unknown as string}
          options={saved.map((s) => ({ value: s.id, label: s.name }))}
          onChange={(id) => {
            const s = saved.find((x) => x.id === id);
            if (s) {
              setParams(new URLSearchParams(s.params));
              nav({ search: new URLSearchParams(s.params).toString() });
            }
          }}
        />
        <Button
          icon={<DownloadOutlined />}
          href={withQuery('/api/search/export.xlsx', { ...exportQuery, columns: columns.join(',') })}
          data-testid="export-xlsx"
        >
          XLSX
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={withQuery('/api/search/export.pdf', { ...exportQuery, columns: columns.join(',') })}
        >
          PDF
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          In
        </Button>
      </Space>
      <Modal
        open={saving}
        title="Lưu tìm kiếm"
        okText="Lưu"
        cancelText="Hủy"
        onOk={() => void save()}
        onCancel={() => setSaving(false)}
        okButtonProps={{ disabled: !savedName.trim() }}
      >
        <Input
          data-testid="saved-name"
          placeholder="Tên tìm kiếm"
          value={savedName}
          onChange={(e) => setSavedName(e.target.value)}
          onPressEnter={() => void save()}
        />
      </Modal>
      {err && <Alert type="error" showIcon message={err} style={{ marginBottom: 12 }} />}
      <Row gutter={16}>
        <Col xs={24} md={7} lg={6}>
          {res?.facets &&
            FACETS.map(([key, label]) => {
              const values = res.facets![key] ?? [];
              if (!values.length) return null;
              const param = PARAM_OF[key] ?? key;
              return (
                <Card key={key} size="small" title={label} style={{ marginBottom: 8 }} data-testid={`facet-${key}`}>
                  {values.slice(0, mobile ? 5 : 10).map((f) => (
                    <div key={f.value}>
                      <Checkbox
                        checked={query[param] === f.value}
                        onChange={(e) => set(param, e.target.checked ? f.value : undefined)}
                        data-testid={`facet-${key}-${f.value}`}
                      >
                        {f.label} <Typography.Text type="secondary">({f.count})</Typography.Text>
                      </Checkbox>
                    </div>
                  ))}
                </Card>
              );
            })}
        </Col>
        <Col xs={24} md={17} lg={18}>
          <Spin spinning={loading}>
            {res && (
              <Typography.Paragraph data-testid="search-total">
                {res.totalCapped ? `Hơn ${res.total.toLocaleString('vi-VN')}` : res.total.toLocaleString('vi-VN')} kết
                quả
              </Typography.Paragraph>
            )}
            {res && !res.items.length ? (
              <Empty description="Không tìm thấy kết quả phù hợp" />
            ) : (
              <List
                dataSource={res?.items ?? []}
                pagination={
                  res && res.total > res.pageSize
                    ? {
                        current: res.page,
                        pageSize: res.pageSize,
                        total: res.total,
                        onChange: (p) => set('page', String(p)),
                        showSizeChanger: false,
                      }
                    : false
                }
                renderItem={(h) => (
                  <List.Item data-testid="search-hit" style={{ cursor: 'pointer' }} onClick={() => nav(linkOf(h))}>
                    <div style={{ width: '100%' }}>
                      <Space wrap size={4}>
                        {columns.includes('kind') && <Tag color="blue">{KIND[h.kind]}</Tag>}
                        {h.confidentiality !== 'thuong' && (
                          <Tag color="red">
                            {h.confidentiality === 'mat'
                              ? 'Mật'
                              : h.confidentiality === 'toi_mat'
                                ? 'Tối mật'
                                : 'Tuyệt mật'}
                          </Tag>
                        )}
                        {columns.includes('numberNotation') && h.numberNotation && (
                          <Typography.Text strong>{h.numberNotation}</Typography.Text>
                        )}
                        {columns.includes('docDate') && (
                          <Typography.Text type="secondary">{dmy(h.docDate)}</Typography.Text>
                        )}
                        {columns.includes('typeName') && (
                          <Typography.Text type="secondary">{h.typeName}</Typography.Text>
                        )}
                      </Space>
                      {columns.includes('title') && (
                        <div className="search-title">
                          <Marked text={h.titleHl} />
                        </div>
                      )}
                      {columns.includes('organName') && (
                        <Typography.Text type="secondary">{h.organName}</Typography.Text>
                      )}
                      {columns.includes('status') && <Typography.Text type="secondary"> · {h.status}</Typography.Text>}
                      {h.snippet && (
                        <div style={{ fontSize: 13, color: '#555' }}>
                          {h.snippetPage ? `Trang ${h.snippetPage}: ` : ''}… <Marked text={h.snippet} /> …
                        </div>
                      )}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Spin>
        </Col>
      </Row>
    </div>
  );
}
