/*
 * A failing call names its peer as the client saw it: an address, a URL, a DNS name. The
 * responder needs the in-cluster object behind it (the Service, the port its pods listen on, the
 * Secret their certificate comes from), or, when the name resolves to nothing, the Services it
 * was probably meant to be.
 */

/** An endpoint a log line says was called. */
export interface PeerRef {
  host: string;
  port?: number;
  /** The line says the name did not resolve: near matches are worth listing. */
  dnsFailure: boolean;
}

const LABEL = '[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
export const IPV4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const DEFAULT_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
};

/** Where a line names a host it failed to resolve (the host is group 1). */
const DNS_PATTERNS = [
  // Go's resolver: `lookup HOST[ on RESOLVER]: no such host` (or a timeout, a server failure).
  new RegExp(
    `\\blookup (${HOST})(?: on \\S+)?: (?:no such host|i/o timeout|server misbehaving|read udp|dial udp|no answer|Temporary failure)`,
    'gi',
  ),
  new RegExp(`UnknownHostException:? (${HOST})`, 'gi'),
  new RegExp(`getaddrinfo (?:ENOTFOUND|EAI_AGAIN|EAI_NONAME) (${HOST})`, 'gi'),
  new RegExp(`could not translate host name "(${HOST})"`, 'gi'),
  new RegExp(`could not resolve host:? (${HOST})`, 'gi'),
  new RegExp(`(?<![\\w.-])(${HOST})(?::\\d+)?: no such host`, 'gi'),
];
/** Lines that say a name did not resolve, whatever form the name takes. */
const DNS_FAILURE =
  /no such host|UnknownHost|ENOTFOUND|EAI_AGAIN|Name or service not known|Temporary failure in name resolution|could not (?:translate host name|resolve host)|nodename nor servname/i;
/** The DNS server a lookup went to (`lookup x on 10.96.0.10:53`): the resolver, not the peer. */
const RESOLVER = new RegExp(
  `\\blookup ${HOST} on (${HOST}|\\[[0-9a-f:]+\\]):(\\d+)`,
  'gi',
);
const URL_RE = new RegExp(
  `\\b([a-z][a-z0-9+.-]*)://(?:[^\\s/@"'<>]*@)?(${HOST})(?::(\\d{1,5}))?`,
  'gi',
);
/** `host:port`, not a time (`10:30:45`), not the local end of `a->b`, not inside a URL. */
const ADDRESS_RE = new RegExp(
  `(?<![\\w.:/@-])(${HOST}):([1-9]\\d{0,4})(?![\\d]|:\\d|->|\\.\\d)`,
  'gi',
);
/**
 * `host='db', port=5432` (urllib3) or `host=db port=5432` (libpq): only with the port, as a bare
 * `host=` in a structured line is usually the logging machine itself.
 */
const KEY_VALUE_RE = new RegExp(
  `\\bhost=['"]?(${HOST})['"]?,? ?port=['"]?(\\d{1,5})`,
  'gi',
);
const LOCAL = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0)$/;

/** A TLS failure: the certificate the peer serves is what to check. */
export const TLS_ERROR =
  /x509|certificate (?:has expired|is not valid|signed by unknown|verify failed)|\btls: |TLS handshake|SSLHandshake|SSL routines|PKIX path|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY|self[- ]signed certificate/i;

/** `Client.java:45` in a stack trace is a source line, not an endpoint. */
const SOURCE_FILE = /\.(?:java|kt|scala|go|js|ts|rb|cs|cpp|php)$/;

/** A name worth resolving: an IPv4 address, or a name that does not start with a digit. */
function plausibleHost(host: string): boolean {
  if (LOCAL.test(host) || SOURCE_FILE.test(host)) return false;
  return IPV4.test(host) || /^[a-z]/i.test(host);
}

/** The endpoints an error text names, resolvers and local addresses left out, deduplicated. */
export function peersIn(text: string): PeerRef[] {
  const found = new Map<string, PeerRef>();
  const resolvers = new Set<string>();
  for (const m of text.matchAll(RESOLVER))
    resolvers.add(`${m[1].toLowerCase()}:${m[2]}`);
  const dnsText = DNS_FAILURE.test(text);
  const add = (rawHost: string, port: number | undefined, dns: boolean) => {
    const host = rawHost.toLowerCase().replace(/\.$/, '');
    if (!plausibleHost(host) || port === 0 || (port ?? 0) > 65535) return;
    if (port !== undefined && resolvers.has(`${host}:${port}`)) return;
    const dnsFailure = dns && !IPV4.test(host);
    const key = `${host}:${port ?? ''}`;
    const had = found.get(key);
    if (had) had.dnsFailure ||= dnsFailure;
    else found.set(key, { host, port, dnsFailure });
  };
  for (const m of text.matchAll(URL_RE))
    add(m[2], m[3] ? Number(m[3]) : DEFAULT_PORTS[m[1].toLowerCase()], dnsText);
  for (const m of text.matchAll(KEY_VALUE_RE)) add(m[1], Number(m[2]), dnsText);
  for (const m of text.matchAll(ADDRESS_RE)) add(m[1], Number(m[2]), false);
  for (const re of DNS_PATTERNS)
    for (const m of text.matchAll(re))
      if (!resolvers.has(`${m[1].toLowerCase()}:53`))
        add(m[1], undefined, true);
  // A name seen with a port and without says the same thing once, with the port.
  const all = [...found.values()];
  return all.filter(p => {
    if (p.port !== undefined) return true;
    const withPort = all.filter(o => o.host === p.host && o.port !== undefined);
    for (const o of withPort) o.dnsFailure ||= p.dnsFailure;
    return !withPort.length;
  });
}
