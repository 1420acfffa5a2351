import { Grid, List, Table, type TableProps } from 'antd';
import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';

/** What a list item shows as a card on a phone. */
export interface CardView {
  title: ReactNode;
  meta?: ReactNode;
  tags?: ReactNode;
}

type Props<T> = Omit<TableProps<T>, 'onRow'> & {
  /** Where a click (or Enter) on the row, or a tap on the card, goes. */
  rowHref: (row: T) => string;
  /** The phone view of one row. */
  card: (row: T) => CardView;
};

/** A click on a link, button or form control inside the row does its own thing, not the row's. */
const fromControl = (e: MouseEvent | KeyboardEvent) =>
  e.target instanceof Element &&
  e.target !== e.currentTarget &&
  !!e.target.closest('a, button, input, textarea, label, .ant-select, .ant-checkbox, .ant-dropdown-trigger');

/** True below antd's md breakpoint (768 px): phones. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}

/**
 * A document list: on a wide screen a table whose whole row opens the item (mouse, or Enter on the focused row);
 * on a phone a list of cards, each opened by a tap anywhere on it. Paging, loading and the empty text are the
 * table's own props.
 */
export default function ListTable<T extends object>({ rowHref, card, ...table }: Props<T>) {
  const phone = useIsPhone();
  const navigate = useNavigate();
  const open = (row: T) => navigate(rowHref(row));
  if (phone) {
    const p = table.pagination;
    const rowKey = table.rowKey;
    const keyOf = (r: T, i: number) =>
      typeof rowKey === 'function'
        ? String(rowKey(r))
        : rowKey
          ? String((r as Record<string, unknown>)[rowKey as string])
          : String(i);
    return (
      <List<T>
        className="list-cards"
        loading={!!table.loading}
        dataSource={[...(table.dataSource ?? [])]}
        locale={{ emptyText: (table.locale?.emptyText as ReactNode) ?? 'Không có dữ liệu.' }}
        rowKey={(r) => keyOf(r, (table.dataSource ?? []).indexOf(r))}
        pagination={
          p === false || p === undefined
            ? false
            : {
                current: p.current,
                pageSize: p.pageSize,
                total: p.total,
                showTotal: p.showTotal,
                size: 'small',
                align: 'center',
                onChange: p.onChange,
              }
        }
        renderItem={(row) => {
          const v = card(row);
          return (
            <div
              className="list-card"
              role="link"
              tabIndex={0}
              onClick={(e) => !fromControl(e) && open(row)}
              onKeyDown={(e) => e.key === 'Enter' && !fromControl(e) && open(row)}
            >
              <div className="list-card-title">{v.title}</div>
              {v.meta && <div className="list-card-meta">{v.meta}</div>}
              {v.tags && <div className="list-card-tags">{v.tags}</div>}
            </div>
          );
        }}
      />
    );
  }
  return (
    <Table<T>
      {...table}
      rowClassName={(r, i) =>
        [
          'clickable-row',
          typeof table.rowClassName === 'function' ? table.rowClassName(r, i, 0) : (table.rowClassName ?? ''),
        ]
          .join(' ')
          .trim()
      }
      onRow={(row) => ({
        tabIndex: 0,
        onClick: (e) => !fromControl(e) && open(row),
        onKeyDown: (e) => e.key === 'Enter' && !fromControl(e) && open(row),
      })}
    />
  );
}
