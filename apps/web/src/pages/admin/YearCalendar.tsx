import { Tooltip } from 'antd';
import type { CalendarYear } from '../../api.types';

const WEEKDAYS = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];
const pad = (n: number) => String(n).padStart(2, '0');

type DayKind = 'holiday' | 'off' | 'work' | 'weekend' | 'normal';

/** Twelve month grids (weeks from Monday) coloured by holiday, override and weekend. */
export default function YearCalendar({ year, data }: { year: number; data: CalendarYear }) {
  const info = new Map<string, { kind: DayKind; label: string }>();
  for (const h of data.holidays) info.set(h.date, { kind: 'holiday', label: h.name });
  for (const o of data.overrides) {
    info.set(o.date, {
      kind: o.kind,
      label: `${o.kind === 'off' ? 'Nghỉ' : 'Làm việc'}${o.note ? `: ${o.note}` : ''}`,
    });
  }

  return (
    <div className="year-grid" data-testid="year-calendar">
      {Array.from({ length: 12 }, (_, m) => {
        const first = new Date(Date.UTC(year, m, 1));
        const days = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
        const lead = (first.getUTCDay() + 6) % 7;
        return (
          <div className="month" key={m}>
            <div className="month-title">Tháng {m + 1}</div>
            <div className="month-days">
              {WEEKDAYS.map((w) => (
                <div key={w} className="wd">
                  {w}
                </div>
              ))}
              {Array.from({ length: lead }, (_, i) => (
                <div key={`e${i}`} />
              ))}
              {Array.from({ length: days }, (_, i) => {
                const d = i + 1;
                const iso = `${year}-${pad(m + 1)}-${pad(d)}`;
                const dow = (lead + i) % 7;
                const found = info.get(iso);
                const kind: DayKind = found?.kind ?? (dow >= 5 ? 'weekend' : 'normal');
                const cell = (
                  <div
                    key={iso}
                    className={`day day-${kind}`}
                    aria-label={`${pad(d)}/${pad(m + 1)}/${year}${found ? ` — ${found.label}` : ''}`}
                  >
                    {d}
                  </div>
                );
                return found ? (
                  <Tooltip key={iso} title={found.label}>
                    {cell}
                  </Tooltip>
                ) : (
                  cell
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
