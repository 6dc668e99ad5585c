import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import type { RcaClient } from '@internal/plugin-rca-common';
import { describeFailure, UserRcaApi } from './UserRcaApi';

const answer = (status: number, message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );

describe('describeFailure', () => {
  it('turns a 403 into a permission error that names what was refused', async () => {
    const e = describeFailure(
      'analyse component:default/payments',
      await answer(403, 'You may not see namespace payments-prod'),
    );
    expect(e.name).toBe('NotAllowedError');
    expect(e.message).toBe(
      'Permission denied: you may not analyse component:default/payments (You may not see namespace payments-prod)',
    );
  });

  it('keeps the API message of a 400 and a 404', async () => {
    const bad = describeFailure(
      'analyse x',
      await answer(400, 'window.last: Required'),
    );
    expect(bad.name).toBe('InputError');
    expect(bad.message).toBe('Cannot analyse x: window.last: Required');
    const missing = describeFailure(
      'read analysis 1',
      await answer(404, 'no analysis 1'),
    );
    expect(missing.name).toBe('NotFoundError');
  });

  it('forwards other failures with their cause', async () => {
    const e = describeFailure('list analyses', new Error('connection refused'));
    expect(e.name).toBe('Error');
    expect(e.message).toMatch(
      /^list analyses; caused by Error: connection refused/,
    );
  });
});

describe('UserRcaApi', () => {
  const rcaAs = (credentials: BackstageCredentials) => {
    const auth = mockServices.auth();
    const getToken = jest.spyOn(auth, 'getPluginRequestToken');
    const client = {
      createAnalysis: jest.fn(),
      getAnalysis: jest.fn().mockResolvedValue({ id: 'a1' }),
      listAnalyses: jest.fn().mockResolvedValue({ items: [] }),
    };
    const api = new UserRcaApi({
      client: client as unknown as RcaClient,
      auth,
      credentials,
    });
    return { api, client, getToken };
  };

  it('refuses a service principal before any token is issued or request sent', async () => {
    const { api, client, getToken } = rcaAs(
      mockCredentials.service('external:alertmanager'),
    );
    await expect(api.getAnalysis('a1')).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'actions run as a signed-in user, not as a service',
      ),
    });
    await expect(api.listAnalyses({})).rejects.toThrow(/signed-in user/);
    await expect(
      api.createAnalysis({
        entityRef: 'component:default/payments',
        window: { last: '1h' },
      } as any),
    ).rejects.toThrow(/signed-in user/);
    expect(getToken).not.toHaveBeenCalled();
    expect(client.getAnalysis).not.toHaveBeenCalled();
    expect(client.listAnalyses).not.toHaveBeenCalled();
    expect(client.createAnalysis).not.toHaveBeenCalled();
  });

  it('calls rca with a token on behalf of a user', async () => {
    const user = mockCredentials.user('user:default/pat');
    const { api, client, getToken } = rcaAs(user);
    await expect(api.getAnalysis('a1')).resolves.toEqual({ id: 'a1' });
    expect(getToken).toHaveBeenCalledWith({
      onBehalfOf: user,
      targetPluginId: 'rca',
    });
    expect(client.getAnalysis).toHaveBeenCalledWith('a1', {
      token: expect.any(String),
    });
  });
});
