import { configApiRef } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { SignInPage } from './SignInPage';
import { zitadelAuthApiRef } from './zitadelAuthApi';

// No existing ZITADEL session: the page shows its buttons.
const noSession = {
  getBackstageIdentity: async () => undefined,
  getProfile: async () => undefined,
  getIdToken: async () => '',
  signIn: async () => {},
  signOut: async () => {},
  sessionState$: () => ({ subscribe: () => ({ unsubscribe() {} }) }),
} as any;

function renderWith(data: object) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          configApiRef,
          mockApis.config({ data: { app: { title: 'RCA' }, ...data } }),
        ],
        [zitadelAuthApiRef, noSession],
      ]}
    >
      <SignInPage onSignInSuccess={() => {}} />
    </TestApiProvider>,
  );
}

describe('SignInPage', () => {
  it('offers only guest when ZITADEL is not configured (local use)', async () => {
    await renderWith({ auth: { environment: 'development' } });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('ZITADEL')).not.toBeInTheDocument();
  });

  it('offers ZITADEL, and guest only in development', async () => {
    await renderWith({
      auth: { environment: 'production', providers: { zitadel: {} } },
    });
    expect(await screen.findByText('ZITADEL')).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });

  it('keeps guest next to ZITADEL in development', async () => {
    await renderWith({
      auth: { environment: 'development', providers: { zitadel: {} } },
    });
    expect(await screen.findByText('ZITADEL')).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
  });
});
