import type { EntityContentLayoutProps } from '@backstage/plugin-catalog-react/alpha';
import { Box } from '@material-ui/core';

/**
 * The overview of a report entity: its content cards (the report) full width, one under the
 * other. The info cards (About, Links) are left out: the report's header carries its description
 * and links, and a generated entity has nothing to edit there.
 */
export function ReportLayout(props: EntityContentLayoutProps) {
  return (
    <Box width="100%" minWidth={0}>
      {props.cards
        .filter(c => c.type === 'content')
        .map((c, i) => (
          <Box key={i} mb={2} minWidth={0}>
            {c.element}
          </Box>
        ))}
    </Box>
  );
}
