import { Button, Card, Empty, Steps, Tag, Timeline } from 'antd';
import { formatDateTime } from '../../lib/vn';
import { DECISION_LABELS, STEP_LABELS, STEP_STATE_LABELS } from './labels';
import type { OutgoingDoc, Step, StepEvent } from './outgoing.api';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

/** The last decision taken at a step, when it sent the draft back (shown in red on the step). */
function lastEventOf(events: StepEvent[], ord: number): StepEvent | undefined {
  return [...events].reverse().find((e) => e.ord === ord && e.decision !== 'submit');
}

function stepStatus(s: Step, events: StepEvent[]): StepStatus {
  if (s.state === 'done') return 'finish';
  if (s.state === 'active') return 'process';
  return lastEventOf(events, s.ord)?.decision === 'return' ? 'error' : 'wait';
}

/** The approval route as steps (actor, action, state, comments), then the văn thư's "Đóng dấu số & phát hành", then every decision. */
export default function RouteCard({ d, onAdjust }: { d: OutgoingDoc; onAdjust?: () => void }) {
  const steps = [...d.steps].sort((a, b) => a.ord - b.ord);
  const clerkStatus: StepStatus =
    d.status === 'issued' || d.status === 'recalled' ? 'finish' : d.status === 'signed' ? 'process' : 'wait';
  const items = steps.map((s) => {
    const comments = d.events.filter((e) => e.ord === s.ord && e.comment);
    return {
      status: stepStatus(s, d.events),
      title: <span data-testid={`step-${s.ord}`}>{STEP_LABELS[s.action]}</span>,
      subTitle: s.actorName,
      description: (
        <div className="route-step">
          <Tag>{STEP_STATE_LABELS[s.state] ?? s.state}</Tag>
          {s.actedAt && (
            <span className="muted">
              {s.actedByName && s.actedByName !== s.actorName ? `${s.actedByName}, ` : ''}
              {formatDateTime(s.actedAt)}
            </span>
          )}
          {comments.map((c, i) => (
            <div key={i} className={c.decision === 'return' ? 'route-return' : undefined}>
              {DECISION_LABELS[c.decision] ?? c.decision}: “{c.comment}” — {c.userName}
            </div>
          ))}
        </div>
      ),
    };
  });
  items.push({
    status: clerkStatus,
    title: <span data-testid="step-issue">Đóng dấu số & phát hành</span>,
    subTitle: 'Văn thư',
    description: (
      <div className="route-step">
        {d.numberNotation ? (
          <span>
            Số, ký hiệu: <b>{d.numberNotation}</b>
          </span>
        ) : (
          <span className="muted">Số và ngày được cấp khi ký ban hành</span>
        )}
      </div>
    ),
  });
  const current = Math.max(
    0,
    items.findIndex((i) => i.status === 'process'),
  );
  return (
    <Card
      size="small"
      title="Quy trình trình ký"
      extra={
        onAdjust && (
          <Button size="small" onClick={onAdjust}>
            Điều chỉnh quy trình
          </Button>
        )
      }
    >
      <Steps direction="vertical" size="small" current={current} items={items} data-testid="route-steps" />
      <div style={{ marginTop: 8 }}>
        <b>Ý kiến xử lý</b>
        {d.events.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Chưa trình" />
        ) : (
          <Timeline
            style={{ marginTop: 8 }}
            data-testid="route-events"
            items={d.events.map((e) => ({
              color: e.decision === 'return' ? 'red' : e.decision === 'approve' ? 'green' : 'blue',
              children: (
                <div>
                  <b>{DECISION_LABELS[e.decision] ?? e.decision}</b>
                  {e.ord > 0 && e.action in STEP_LABELS ? ` (${STEP_LABELS[e.action as Step['action']]})` : ''}
                  {e.decision === 'return' && e.target
                    ? ` cho ${e.target === 'drafter' ? 'người soạn thảo' : 'bước trước'}`
                    : ''}{' '}
                  — {e.userName} <span className="muted">{formatDateTime(e.at)}</span>
                  {e.comment && <div>“{e.comment}”</div>}
                </div>
              ),
            }))}
          />
        )}
      </div>
      <style>{`.route-return { color: #cf1322; } .route-step .muted { margin-left: 4px; }`}</style>
    </Card>
  );
}
