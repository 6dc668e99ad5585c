import type { ReactNode } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { useTableStyles } from './cellStyles';

/**
 * A report table: full width, scrolling sideways rather than overflowing the page, headers kept
 * on one line. The rows (`children`) style their own cells with `useTableStyles`.
 */
export function ReportTable(props: { headers: string[]; children: ReactNode }) {
  const classes = useTableStyles();
  return (
    <div className={classes.wrap}>
      <Table size="small" className={classes.table}>
        <TableHead>
          <TableRow>
            {props.headers.map(h => (
              <TableCell key={h} className={classes.nowrap}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>{props.children}</TableBody>
      </Table>
    </div>
  );
}
