export interface Config {
  rca?: {
    /**
     * How long shutdown waits for running analyses (ms), default 20000. New analyses are refused
     * (503) at once; queued ones, and running ones still going at the deadline, are recorded as
     * failed ("interrupted by backend shutdown; submit again").
     */
    shutdownTimeoutMs?: number;
    /**
     * The analysis queue every replica shares (the plugin's database). An analysis is leased to
     * the replica running it; when that replica dies, another takes it over once the lease expires.
     */
    queue?: {
      /** How long a lease holds without renewal (seconds); renewed every third of it. Default 30; at least 1. */
      leaseSeconds?: number;
    };
    /** Catalog kinds that can be analysed (POST /v1/analyses). Default [Component, Resource, System]. */
    analyzableKinds?: string[];
    /** Longest window one analysis covers (hours). Default 168 (7 days). */
    maxWindowHours?: number;
    /** How far back a window may start (days): the retention of your metrics and logs. Default 30. */
    maxWindowAgeDays?: number;
    /**
     * Alerts start analyses: POST /api/rca/v1/alerts/alertmanager takes Alertmanager's (and
     * vmalert's) webhook, from a service token (`backend.auth.externalAccess`). See the README.
     */
    alerts?: {
      /** Serve the webhook. Default true. */
      enabled?: boolean;
      /** The analysis window starts this long before the alert's startsAt (minutes). Default 60. */
      lookbackMinutes?: number;
      /** The window ends this long after startsAt, never later than now (minutes). Default 5. */
      marginMinutes?: number;
      /**
       * After an alert started an analysis of an entity, other alerts of that entity start none
       * for this long (minutes). Default 15. Repeats of the same alert never start a second one.
       */
      entityCooldownMinutes?: number;
      /** At most `maxAnalyses` alert-started analyses per `windowSeconds`, over all entities. */
      rateLimit?: {
        /** Default 20; at least 1. */
        maxAnalyses?: number;
        /** Default 60; at least 1. */
        windowSeconds?: number;
      };
      /** How long the catalog's Kubernetes-annotated entities are kept for matching (seconds). Default 60. */
      catalogCacheSeconds?: number;
      /**
       * Alert labels that name the entity outright (an entity ref such as
       * `component:default/payments`), in order. Default [backstage_io_entity, backstage_entity, entity].
       */
      entityLabels?: string[];
      /** Notify the entity's owner (Backstage notifications) when the report is ready. Default true. */
      notifyOwner?: boolean;
    };
  };
}
