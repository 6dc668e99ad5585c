import { render, screen } from '@testing-library/react';
import { ReportLayout } from './ReportLayout';

describe('ReportLayout', () => {
  it('shows the report full width and leaves the About and Links cards out', () => {
    render(
      <ReportLayout
        cards={[
          { type: 'info', element: <div>About</div> },
          { type: 'content', element: <div>The report</div> },
          { type: 'info', element: <div>No links defined</div> },
          { element: <div>Untyped card</div> },
        ]}
      />,
    );
    expect(screen.getByText('The report')).toBeInTheDocument();
    expect(screen.queryByText('About')).toBeNull();
    expect(screen.queryByText('No links defined')).toBeNull();
    expect(screen.queryByText('Untyped card')).toBeNull();
  });
});
