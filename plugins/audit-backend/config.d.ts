export interface Config {
  /** The audit pipeline (plugins/audit-backend). */
  audit?: {
    /** Keep the `initiated` step of plugin audit events too (default false: outcomes only). */
    recordInitiated?: boolean;
    /** Days delivered events stay queryable in the database (default 30). */
    retentionDays?: number;
    /** HTTP audit middleware for every /api/* call. */
    http?: {
      /** Default true. */
      enabled?: boolean;
      /** Characters of request/response body kept for mutating calls and errors (default 4096). */
      maxBodyLength?: number;
      /** Path prefixes not recorded, e.g. /api/app. */
      ignorePaths?: string[];
    };
    /** Extra redaction, on top of the built-in keys and secret formats. */
    redaction?: {
      /** Key names whose values are always replaced (case, `-` and `_` ignored; matched as a suffix). */
      keys?: string[];
      /** Regular expressions (JavaScript syntax); every match is replaced. */
      patterns?: string[];
    };
    /** JSON lines on stdout for a cluster log collector (default false). */
    stdout?: {
      enabled?: boolean;
    };
    /** Events held in memory while the database is unavailable (default 10000). */
    buffer?: {
      maxEvents?: number;
    };
    /** The outbox: events waiting for VictoriaLogs, in the plugin's database. */
    outbox?: {
      /** Bound on waiting events; past it new events are dropped and the alarm raised (default 100000). */
      maxEvents?: number;
    };
    /** Ship events to VictoriaLogs. Absent: events stay in the database only. */
    victoriaLogs?: {
      /** Base URL, e.g. http://victorialogs:9428 */
      url: string;
      /** Tenant (AccountID header). */
      accountId?: string;
      /** Tenant (ProjectID header). */
      projectId?: string;
      /**
       * Extra request headers, e.g. Authorization for an auth proxy in front of VictoriaLogs.
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /** Default [plugin, event.severity]. Keep them low-cardinality. */
      streamFields?: string[];
      /** Events per request (default 500). */
      batchSize?: number;
      /** How often the outbox is checked when idle (default 1000). */
      flushIntervalMs?: number;
      /** Per request (default 10000). */
      timeoutMs?: number;
      /** Ceiling of the retry backoff (default 60000). */
      maxBackoffMs?: number;
      /** Attempts before a batch VictoriaLogs refuses as malformed is given up (default 5). */
      maxAttempts?: number;
      /** The server's retention (default 7): older events are sent with the current time. */
      retentionDays?: number;
      /** The server's -insert.maxLineSizeBytes (default 262144). */
      maxLineBytes?: number;
    };
  };
}
