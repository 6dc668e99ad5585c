import { InputError } from '@backstage/errors';
import { DEFAULT_ANALYSIS_REQUEST_OPTIONS } from './analysisRequestOptions';
import { normalizeAnalysisRequest } from './normalizeAnalysisRequest';

describe('normalizeAnalysisRequest', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');
  const normalize = (body: object) =>
    normalizeAnalysisRequest(body, DEFAULT_ANALYSIS_REQUEST_OPTIONS, now);
  const window = { from: '2026-11-23T09:00:30Z', to: '2026-11-23T09:30:00Z' };

  it('keys an incident by entity and window to the minute by default', () => {
    expect(normalize({ entityRef: 'payments', window })).toMatchObject({
      entityRef: 'component:default/payments',
      window: {
        from: '2026-11-23T09:00:30.000Z',
        to: '2026-11-23T09:30:00.000Z',
      },
      incidentKey:
        'component:default/payments|2026-11-23T09:00|2026-11-23T09:30',
    });
  });

  it("scopes a caller's incident key to the entity", () => {
    const squat =
      'component:default/payments|2026-11-23T09:00|2026-11-23T09:30';
    const { incidentKey, request } = normalize({
      entityRef: 'component:default/ledger',
      window,
      incidentKey: squat,
    });
    expect(incidentKey).toBe(`component:default/ledger#${squat}`);
    expect(request.incidentKey).toBe(squat);
  });

  it('accepts resources and systems, and honours rca.analyzableKinds', () => {
    expect(
      normalize({ entityRef: 'Resource:default/db', window }).entityRef,
    ).toBe('resource:default/db');
    expect(
      normalize({ entityRef: 'system:shop/checkout', window }).entityRef,
    ).toBe('system:shop/checkout');
    expect(() =>
      normalizeAnalysisRequest(
        { entityRef: 'system:shop/checkout', window },
        { ...DEFAULT_ANALYSIS_REQUEST_OPTIONS, analyzableKinds: ['Component'] },
        now,
      ),
    ).toThrow(
      /^entityRef: kind "system" cannot be analysed; expected one of Component$/,
    );
  });

  it('answers malformed refs with a short InputError naming entityRef', () => {
    const long = `component:default/${'a'.repeat(400)}`;
    const error = (() => {
      try {
        normalize({ entityRef: long, window });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(
      /^entityRef: "a{80}…" is not a valid entity name/,
    );
    expect(() => normalize({ entityRef: 'a:b:c/d/e', window })).toThrow(
      /^entityRef: /,
    );
  });
});
