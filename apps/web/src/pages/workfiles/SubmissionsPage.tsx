import { Button, Card, Input, List, Modal, Segmented, Space, Steps, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import PageHeader from '../../components/PageHeader';
import { useNotify } from '../../components/useNotify';
import { formatDate, formatDateTime } from '../../lib/vn';
import { STEP_STATE, SUBMISSION_STATUS, workfilesApi, type Submission } from './workfiles.api';

function SubmissionCard({ s }: { s: Submission }) {
  const qc = useQueryClient();
  const { ok, fail } = useNotify();
  const [decision, setDecision] = useState<'approve' | 'return' | 'more' | null>(null);
  const [text, setText] = useState('');
  const [more, setMore] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: ['workfiles'] });
  return (
    <Card
      size="small"
      title={s.title}
      extra={<Tag color={SUBMISSION_STATUS[s.status].color}>{SUBMISSION_STATUS[s.status].label}</Tag>}
      style={{ marginBottom: 12 }}
    >
      <Typography.Paragraph>
        {s.submitterName} trình ngày {formatDate(s.createdAt)}
        {s.deadline && (
          <>
            {' '}
            · hạn {formatDate(s.deadline)}
            {s.overdue && (
              <Tag color="red" style={{ marginLeft: 6 }}>
                Quá hạn
              </Tag>
            )}
          </>
        )}
        {s.workfileId && (
          <>
            {' '}
            · hồ sơ <Link to={`/workfiles/file/${s.workfileId}`}>{s.workfileCode}</Link>
          </>
        )}
      </Typography.Paragraph>
      {s.note && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.note}</Typography.Paragraph>}
      <Steps
        size="small"
        direction="vertical"
        current={s.steps.findIndex((t) => t.state === 'pending')}
        items={s.steps.map((t) => ({
          title: `${t.actorName} (${t.role === 'leader' ? 'lãnh đạo cơ quan' : 'lãnh đạo đơn vị'})`,
          description: `${STEP_STATE[t.state] ?? t.state}${t.opinion ? `: ${t.opinion}` : ''}${t.actedAt ? ` — ${formatDateTime(t.actedAt)}` : ''}`,
          status:
            t.state === 'approved'
              ? 'finish'
              : t.state === 'returned'
                ? 'error'
                : t.state === 'pending'
                  ? 'process'
                  : 'wait',
        }))}
      />
      {s.can.act && (
        <Space wrap>
          <Button type="primary" onClick={() => setDecision('approve')}>
            Đồng ý
          </Button>
          <Button onClick={() => setDecision('more')}>Đề nghị bổ sung</Button>
          <Button danger onClick={() => setDecision('return')}>
            Trả lại
          </Button>
        </Space>
      )}
      {s.can.resubmit && <Button onClick={() => setMore(true)}>Bổ sung và trình lại</Button>}
      <Modal
        open={!!decision}
        title={decision === 'approve' ? 'Ý kiến đồng ý' : decision === 'more' ? 'Đề nghị bổ sung' : 'Trả lại'}
        okText="Gửi ý kiến"
        cancelText="Hủy"
        onCancel={() => setDecision(null)}
        onOk={async () => {
          try {
            await workfilesApi.act(s.id, decision!, text.trim());
            setDecision(null);
            setText('');
            ok('Đã cho ý kiến.');
            void refresh();
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Input.TextArea
          aria-label="Ý kiến"
          placeholder="Ý kiến"
          autoSize={{ minRows: 3 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Modal>
      <Modal
        open={more}
        title="Bổ sung và trình lại"
        okText="Trình lại"
        cancelText="Hủy"
        okButtonProps={{ disabled: !text.trim() }}
        onCancel={() => setMore(false)}
        onOk={async () => {
          try {
            await workfilesApi.resubmit(s.id, text.trim());
            setMore(false);
            setText('');
            void refresh();
          } catch (e) {
            fail(e);
          }
        }}
      >
        <Input.TextArea
          aria-label="Nội dung bổ sung"
          autoSize={{ minRows: 3 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

/** Submissions: waiting for my opinion (the leader's inbox), what I submitted, what I gave an opinion on. */
export default function SubmissionsPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [box, setBox] = useState<'inbox' | 'mine' | 'done'>('inbox');
  const list = useQuery({
    queryKey: ['workfiles', 'submissions', box],
    queryFn: () => workfilesApi.submissions(box),
    enabled: !id,
  });
  const one = useQuery({
    queryKey: ['workfiles', 'submission', id],
    queryFn: () => workfilesApi.submission(id!),
    enabled: !!id,
  });
  return (
    <>
      <PageHeader
        title="Phiếu trình"
        subtitle="Trình lãnh đạo cho ý kiến, phê duyệt"
        extra={id ? <Button onClick={() => navigate('/workfiles/submissions')}>Tất cả phiếu trình</Button> : undefined}
      />
      {id ? (
        one.data ? (
          <SubmissionCard s={one.data} />
        ) : (
          <Card loading />
        )
      ) : (
        <>
          <Segmented
            style={{ marginBottom: 12 }}
            value={box}
            onChange={(v) => setBox(v as typeof box)}
            options={[
              { value: 'inbox', label: 'Chờ ý kiến của tôi' },
              { value: 'mine', label: 'Tôi đã trình' },
              { value: 'done', label: 'Đã cho ý kiến' },
            ]}
          />
          <List
            dataSource={list.data ?? []}
            loading={list.isFetching}
            locale={{ emptyText: 'Không có phiếu trình nào.' }}
            renderItem={(s) => <SubmissionCard key={s.id} s={s} />}
          />
        </>
      )}
    </>
  );
}
