import { makeStyles } from '@material-ui/core';

/** Tables that wrap long words (pod names, ids) inside their cells instead of overflowing. */
export const useTableStyles = makeStyles(theme => ({
  wrap: { width: '100%', overflowX: 'auto' },
  table: { tableLayout: 'auto', width: '100%' },
  cell: {
    overflowWrap: 'anywhere',
    wordBreak: 'normal',
    verticalAlign: 'top',
    padding: theme.spacing(1, 1.5),
  },
  nowrap: {
    whiteSpace: 'nowrap',
    verticalAlign: 'top',
    padding: theme.spacing(1, 1.5),
  },
  code: { fontFamily: 'monospace', fontSize: '0.85em' },
}));
