import { makeStyles, Paper, Typography } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(2, 3),
    marginBottom: theme.spacing(2),
    minWidth: 0,
  },
}));

/** One titled block of the report page. */
export function Section(props: {
  title: string;
  testId?: string;
  children: React.ReactNode;
}) {
  const classes = useStyles();
  return (
    <Paper className={classes.root} data-testid={props.testId}>
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Paper>
  );
}
