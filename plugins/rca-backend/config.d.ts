export interface Config {
  rca?: {
    /**
     * How long shutdown waits for running analyses (ms), default 20000. New analyses are refused
     * (503) at once; queued ones, and running ones still going at the deadline, are recorded as
     * failed ("interrupted by backend shutdown; submit again").
     */
    shutdownTimeoutMs?: number;
    /** Catalog kinds that can be analysed (POST /v1/analyses). Default [Component, Resource, System]. */
    analyzableKinds?: string[];
    /** Longest window one analysis covers (hours). Default 168 (7 days). */
    maxWindowHours?: number;
    /** How far back a window may start (days): the retention of your metrics and logs. Default 30. */
    maxWindowAgeDays?: number;
  };
}
