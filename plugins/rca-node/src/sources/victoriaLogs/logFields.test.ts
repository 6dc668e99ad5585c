import { LOG_FIELD_PRESETS, lineFields } from './logFields';

describe('lineFields', () => {
  const vector = LOG_FIELD_PRESETS.vector;

  it('keeps what a shipper parsed out of a structured line, without metadata', () => {
    const row = {
      _time: '2026-01-01T12:00:00Z',
      _msg: 'charge failed',
      _stream: '{kubernetes.pod_namespace="shop"}',
      'kubernetes.pod_namespace': 'shop',
      'kubernetes.pod_name': 'checkout-7d9f8b6c4-x2k9q',
      'kubernetes.container_name': 'app',
      stream: 'stderr',
      file: '/var/log/pods/x.log',
      level: 'error',
      error: 'ConnectionRefusedError: connect ECONNREFUSED 10.96.0.4:6379',
      order_id: '981',
    };
    expect(lineFields(row, vector)).toEqual({
      level: 'error',
      error: 'ConnectionRefusedError: connect ECONNREFUSED 10.96.0.4:6379',
      order_id: '981',
    });
  });

  it('gives nothing for a plain-text line with only metadata and a severity', () => {
    const row = {
      _time: '2026-01-01T12:00:00Z',
      _msg: 'connection refused',
      namespace: 'shop',
      pod: 'checkout-0',
      container: 'app',
      level: 'error',
    };
    expect(lineFields(row, LOG_FIELD_PRESETS.promtail)).toEqual({});
  });
});
