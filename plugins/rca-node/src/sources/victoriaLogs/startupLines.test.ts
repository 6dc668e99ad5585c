import { LISTENING_REGEX, listeningPort, startupFilter } from './startupLines';

describe('listeningPort', () => {
  it.each([
    ['Listening on :8080', 8080],
    ['server listening at http://0.0.0.0:3000', 3000],
    ['{"level":"info","msg":"serving on port 9090"}', 9090],
    ['Tomcat started on port(s): 8081 (http) with context path', 8081],
    [
      'level=info ts=2026-03-01T12:30:45.123Z msg="listening" addr=[::]:8443',
      8443,
    ],
    ['INFO  [main] 12:30:45 Server started', undefined],
    ['Started Application in 3.2 seconds (JVM running for 3.9)', undefined],
    ['waiting for mydb', undefined],
  ])('%s → %s', (line, port) => {
    expect(listeningPort(line)).toBe(port);
  });
});

describe('startupFilter', () => {
  it('asks for lines naming a port after a start-up word, and for lookup failures, at any level', () => {
    expect(startupFilter('listening')).toMatch(/^_msg:~"/);
    const re = new RegExp(LISTENING_REGEX);
    expect(re.test('HTTP server listening on :9000')).toBe(true);
    expect(re.test('Tomcat started on port(s): 8081 (http)')).toBe(true);
    expect(re.test('server listening at http://0.0.0.0:3000')).toBe(true);
    expect(re.test('request 12 served, worker started')).toBe(false);
    expect(startupFilter('lookup')).toBe(
      '(i("resolve") OR i("NXDOMAIN") OR i("no such host"))',
    );
  });
});
