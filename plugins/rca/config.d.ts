export interface Config {
  rca?: {
    /** Links from the report page to the sources' own UIs. */
    ui?: {
      /**
       * Base URL of VictoriaMetrics (its vmui at `/vmui`): the report links each metrics query
       * there as a graph over the window. Unset: no such links.
       * @visibility frontend
       */
      victoriaMetricsUrl?: string;
      /**
       * Base URL of VictoriaLogs (its UI at `/select/vmui`): the report links each logs query
       * there. Unset: no such links.
       * @visibility frontend
       */
      victoriaLogsUrl?: string;
    };
  };
}
