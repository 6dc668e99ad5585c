export interface Config {
  rca?: {
    /**
     * The LLM that writes report summaries. Without this block the suite runs deterministically.
     * Any OpenAI-compatible endpoint works: OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM.
     */
    llm?: {
      /** Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1 */
      baseUrl: string;
      /**
       * API key, sent as a bearer token. Optional for local servers.
       * @visibility secret
       */
      apiKey?: string;
      /** Model (or Azure deployment) name. */
      model: string;
      /** OpenAI organization id. */
      organization?: string;
      /**
       * Extra headers on every request, e.g. Azure's `api-key`.
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /** Extra query parameters on every request, e.g. Azure's `api-version`. */
      queryParams?: { [name: string]: string };
      /** Deadline of one call, retries and queueing included (ms). Default 60000. */
      timeoutMs?: number;
      /** Timeout of one HTTP attempt (ms). Default: the call's deadline. */
      attemptTimeoutMs?: number;
      /** Retries on 429, 5xx, timeouts and connection errors. Default 3. */
      maxRetries?: number;
      /** Circuit breaker. */
      breaker?: {
        /** Consecutive provider failures that open the circuit. Default 3. */
        failureThreshold?: number;
        /** How long the circuit stays open before a trial call (ms). Default 60000. */
        resetTimeoutMs?: number;
      };
      /** Rate limit shared by every caller in the process (or, with redis, every replica). */
      rateLimit?: {
        /** Default 10. */
        requestsPerMinute?: number;
        /** Requests in flight at once. Default 4. */
        maxConcurrent?: number;
        /** Share the budget across backend replicas. */
        redis?: {
          /**
           * Redis URL, e.g. redis://redis:6379
           * @visibility secret
           */
          url: string;
          /** Name of the shared budget. Default derived from baseUrl and model. */
          id?: string;
        };
      };
      /** Answer identical requests from Backstage's cache service. Off by default. */
      cache?: {
        enabled?: boolean;
        /** Default 3600000 (1 hour). */
        ttlMs?: number;
      };
      /** Log prompts and answers at debug level. Off by default. */
      logPrompts?: boolean;
      temperature?: number;
      maxTokens?: number;
    };
    /** Where local state lives (the embedded report repository and Git clones). Default `./.rca-data`. */
    dataDir?: string;
    /** Analyses running at once in this backend; more wait in a queue. Default 2. */
    maxConcurrentAnalyses?: number;
    /** dependsOn hops followed from the analysed entity. Default 2. */
    dependencyDepth?: number;
    kubernetes?: {
      /** Timeout of one Kubernetes API request (ms). Default 5000. */
      requestTimeoutMs?: number;
      /** How long before the window events and rollouts are still read (minutes). Default 60. */
      lookbackMinutes?: number;
    };
    reports?: {
      git?: {
        /**
         * Repository the reports are committed to: a remote URL, or a local path to a bare
         * repository. Default: `<dataDir>/reports.git`, created on first use.
         */
        url?: string;
        /** Default `main`. */
        branch?: string;
        /** Folder inside the repository. Default `reports/rca`. */
        directory?: string;
        author?: { name?: string; email?: string };
        /** User name for `token`. Default `x-access-token` (GitHub style). */
        username?: string;
        /**
         * Token for HTTPS pushes. Without it, a matching `integrations` entry's token is used.
         * @visibility secret
         */
        token?: string;
        /** Web URL of the repository (e.g. https://github.com/org/reports) for commit and file links. */
        browseUrl?: string;
      };
    };
  };
}
