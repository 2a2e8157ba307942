import { Paper, Table, type TableProps } from '@mantine/core';

/** A table on a card, the look of every list; below `minWidth` it scrolls sideways. */
export function TableCard({ minWidth, children, ...table }: TableProps & { minWidth?: number }) {
  const body = <Table {...table}>{children}</Table>;
  return <Paper className="cb-table">{minWidth ? <Table.ScrollContainer minWidth={minWidth}>{body}</Table.ScrollContainer> : body}</Paper>;
}
