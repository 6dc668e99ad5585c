export interface Config {
  rca?: {
    /** The rca actions in the Backstage actions registry (MCP tools). */
    actions?: {
      /**
       * How long `analyze-incident` waits for the analysis before it answers with its id and
       * status, in seconds. Keep it below the MCP client's request timeout (often 60 s). Default 45.
       */
      maxWaitSeconds?: number;
      /** Poll interval while `analyze-incident` waits, in milliseconds. Default 1000. */
      pollIntervalMs?: number;
    };
  };
}
